// /config: the loaded configuration as YAML, with a copy button.
import type { JSX } from 'preact'
import { useApi } from '../lib/use-api.js'
import { LoadState } from './labels.js'

/** The configuration page. */
export function ConfigPage(): JSX.Element {
  const { data, error, loading } = useApi<{ yaml: string }>('status/config')
  return (
    <div>
      <h1>Configuration</h1>
      <LoadState loading={loading && data === undefined} error={error} />
      {data !== undefined && (
        <>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(data.yaml)}>
            Copy to clipboard
          </button>
          <pre class="panel" aria-label="Configuration YAML">
            {data.yaml}
          </pre>
        </>
      )}
    </div>
  )
}
