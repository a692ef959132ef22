// /status: runtime and build information.
import type { JSX } from 'preact'
import { useApi } from '../lib/use-api.js'
import { entriesOf, KeyValueTable } from './key-value-table.js'
import { LoadState } from './labels.js'

/** The runtime and build information page. */
export function StatusPage(): JSX.Element {
  const runtime = useApi<Record<string, unknown>>('status/runtimeinfo')
  const build = useApi<Record<string, unknown>>('status/buildinfo')
  return (
    <div>
      <h1>Runtime Information</h1>
      <LoadState loading={runtime.loading && runtime.data === undefined} error={runtime.error} />
      {runtime.data !== undefined && (
        <KeyValueTable label="Runtime information" rows={entriesOf(runtime.data)} />
      )}
      <h1>Build Information</h1>
      <LoadState loading={build.loading && build.data === undefined} error={build.error} />
      {build.data !== undefined && <KeyValueTable label="Build information" rows={entriesOf(build.data)} />}
    </div>
  )
}
