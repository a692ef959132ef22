// /flags: the command-line flags the server runs with, filterable.
import { useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { useApi } from '../lib/use-api.js'
import { KeyValueTable } from './key-value-table.js'
import { LoadState } from './labels.js'

/** The command-line flags page. */
export function FlagsPage(): JSX.Element {
  const { data, error, loading } = useApi<Record<string, string>>('status/flags')
  const [text, setText] = useState('')
  const q = text.toLowerCase()
  const rows = Object.entries(data ?? {})
    .filter(([k, v]) => k.toLowerCase().includes(q) || v.toLowerCase().includes(q))
    .sort(([a], [b]) => a.localeCompare(b))
  return (
    <div>
      <h1>Command-Line Flags</h1>
      <input
        type="search"
        aria-label="Filter flags"
        placeholder="Filter"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <LoadState loading={loading && data === undefined} error={error} />
      <KeyValueTable label="Command-line flags" rows={rows.map(([k, v]) => [`--${k}`, v])} />
    </div>
  )
}
