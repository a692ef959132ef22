// The Table tab: an instant query's result as rows.
import type { JSX } from 'preact'
import type { QueryData, SamplePair } from '../lib/api-types.js'
import { formatSeries, formatValue } from '../lib/format.js'

/** Rows drawn at most; beyond this the browser slows down and the count says what was left out. */
const MAX_ROWS = 10_000

function sampleLine([t, v]: SamplePair): string {
  return `${formatValue(v)} @${t}`
}

/** Renders a vector, matrix, scalar or string result. */
export function TableView({ data }: { data: QueryData }): JSX.Element {
  let rows: [string, JSX.Element | string][]
  switch (data.resultType) {
    case 'vector':
      rows = data.result
        .slice(0, MAX_ROWS)
        .map((s) => [
          formatSeries(s.metric),
          s.value !== undefined
            ? formatValue(s.value[1])
            : s.histogram !== undefined
              ? `count: ${s.histogram[1].count} sum: ${s.histogram[1].sum}`
              : '',
        ])
      break
    case 'matrix':
      rows = data.result.slice(0, MAX_ROWS).map((s) => [
        formatSeries(s.metric),
        <span class="mono">
          {(s.values ?? []).map((p, i) => (
            <span key={i}>
              {sampleLine(p)}
              <br />
            </span>
          ))}
          {(s.histograms ?? []).map(([t, h], i) => (
            <span key={`h${i}`}>
              count: {h.count} sum: {h.sum} @{t}
              <br />
            </span>
          ))}
        </span>,
      ])
      break
    case 'scalar':
      rows = [['scalar', formatValue(data.result[1])]]
      break
    case 'string':
      rows = [['string', data.result[1]]]
      break
  }
  const total = data.resultType === 'vector' || data.resultType === 'matrix' ? data.result.length : 1
  if (total === 0) return <p class="muted">Empty query result</p>
  return (
    <div class="scroll">
      {total > MAX_ROWS && (
        <p class="alert warning">
          Showing {MAX_ROWS} of {total} series.
        </p>
      )}
      <table class="result-table">
        <thead>
          <tr>
            <th>Series</th>
            <th class="num">Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([series, value], i) => (
            <tr key={i}>
              <td class="mono">{series}</td>
              <td class="num mono">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
