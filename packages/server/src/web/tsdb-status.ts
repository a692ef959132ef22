import { Matcher } from '@watchfire/model'
import { ValueType, type Queryable, type SampleIterator } from '@watchfire/storage'

/** One `{name, value}` entry of the TSDB status's top-10 lists. */
export interface TsdbStat {
  name: string
  value: number
}

/** The data of /api/v1/status/tsdb. */
export interface TsdbStatus {
  headStats: {
    numSeries: number
    numLabelPairs: number
    chunkCount: number
    minTime: number
    maxTime: number
  }
  seriesCountByMetricName: TsdbStat[]
  labelValueCountByLabelName: TsdbStat[]
  memoryInBytesByLabelName: TsdbStat[]
  seriesCountByLabelValuePair: TsdbStat[]
}

/** Counters the store reports itself (the TSDB's DBStats has them). */
export interface HeadCounters {
  headSeries: number
  headChunks: number
}

const TOP = 10
// Go's math.MaxInt64/MinInt64, which Prometheus prints for an empty head (as near as a double gets).
const EMPTY_MIN = 2 ** 63
const EMPTY_MAX = -(2 ** 63)

function top(counts: Map<string, number>): TsdbStat[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP)
    .map(([name, value]) => ({ name, value }))
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by)
}

/**
 * Cardinality statistics over the series with samples in [mint, maxt], as Prometheus's TSDB status
 * page shows them for the head. Walks every series and its samples, so it costs a full scan:
 * it runs only when someone asks for the page.
 */
export async function computeTsdbStatus(
  queryable: Queryable,
  counters: HeadCounters,
  mint: number,
  maxt: number,
): Promise<TsdbStatus> {
  const byMetric = new Map<string, number>()
  const valuesByName = new Map<string, Set<string>>()
  const bytesByName = new Map<string, number>()
  const byPair = new Map<string, number>()
  let minTime = Infinity
  let maxTime = -Infinity
  const querier = await queryable.querier(mint, maxt)
  try {
    const set = querier.select(false, undefined, new Matcher('=~', '__name__', '.+'))
    let it: SampleIterator | undefined
    while (set.next()) {
      const series = set.at()
      bump(byMetric, series.labels.metricName, 1)
      series.labels.forEach((name, value) => {
        let values = valuesByName.get(name)
        if (values === undefined) valuesByName.set(name, (values = new Set()))
        if (!values.has(value)) {
          values.add(value)
          bump(bytesByName, name, value.length)
        }
        bump(byPair, `${name}=${value}`, 1)
      })
      it = series.iterator(it)
      let type = it.next()
      if (type !== ValueType.None) minTime = Math.min(minTime, it.atT())
      let last = -Infinity
      while (type !== ValueType.None) {
        last = it.atT()
        type = it.next()
      }
      maxTime = Math.max(maxTime, last)
    }
  } finally {
    querier.close()
  }
  const valueCounts = new Map([...valuesByName].map(([name, values]) => [name, values.size]))
  return {
    headStats: {
      numSeries: counters.headSeries,
      numLabelPairs: byPair.size,
      chunkCount: counters.headChunks,
      minTime: minTime === Infinity ? EMPTY_MIN : minTime,
      maxTime: maxTime === -Infinity ? EMPTY_MAX : maxTime,
    },
    seriesCountByMetricName: top(byMetric),
    labelValueCountByLabelName: top(valueCounts),
    memoryInBytesByLabelName: top(bytesByName),
    seriesCountByLabelValuePair: top(byPair),
  }
}
