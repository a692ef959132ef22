// /tsdb-status: head block statistics and the top series counts.
import type { JSX } from 'preact'
import type { TsdbStatus } from '../lib/api-types.js'
import { formatTime } from '../lib/time.js'
import { useApi } from '../lib/use-api.js'
import { KeyValueTable } from './key-value-table.js'
import { LoadState } from './labels.js'

function Top({
  title,
  rows,
  column,
}: {
  title: string
  rows: { name: string; value: number }[]
  column: string
}): JSX.Element {
  return (
    <>
      <h2>{title}</h2>
      <table aria-label={title}>
        <thead>
          <tr>
            <th>Name</th>
            <th class="num">{column}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td class="mono">{r.name}</td>
              <td class="num">{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

// An empty head reports min/max times of ±2^63 ms; those are not dates.
function headTime(ms: number): string {
  return Math.abs(ms) > 8.64e15 ? 'no data' : formatTime(ms)
}

/** The TSDB status page. */
export function TsdbStatusPage(): JSX.Element {
  const { data, error, loading } = useApi<TsdbStatus>('status/tsdb')
  return (
    <div>
      <h1>TSDB Status</h1>
      <LoadState loading={loading && data === undefined} error={error} />
      {data !== undefined && (
        <>
          <h2>Head Stats</h2>
          <KeyValueTable
            label="Head stats"
            rows={[
              ['Number of Series', String(data.headStats.numSeries)],
              ['Number of Chunks', String(data.headStats.chunkCount)],
              ['Number of Label Pairs', String(data.headStats.numLabelPairs)],
              ['Current Min Time', headTime(data.headStats.minTime)],
              ['Current Max Time', headTime(data.headStats.maxTime)],
            ]}
          />
          <Top
            title="Top 10 series count by metric names"
            rows={data.seriesCountByMetricName}
            column="Count"
          />
          <Top
            title="Top 10 label names with value count"
            rows={data.labelValueCountByLabelName}
            column="Count"
          />
          <Top
            title="Top 10 label names with high memory usage"
            rows={data.memoryInBytesByLabelName}
            column="Bytes"
          />
          <Top
            title="Top 10 series count by label value pairs"
            rows={data.seriesCountByLabelValuePair}
            column="Count"
          />
        </>
      )}
    </div>
  )
}
