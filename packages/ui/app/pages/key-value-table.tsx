// A two-column table of names and values, the shape of the runtime, build and flags pages.
import type { JSX } from 'preact'

/** Rows of name and value; values are shown as text. */
export function KeyValueTable({ rows, label }: { rows: [string, string][]; label: string }): JSX.Element {
  return (
    <table aria-label={label}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" style={{ width: '35%' }}>
              {k}
            </th>
            <td class="mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A JSON object's entries as strings (numbers and booleans printed, nested values as JSON). */
export function entriesOf(obj: Record<string, unknown> | undefined): [string, string][] {
  return Object.entries(obj ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
}
