import type { Labels } from '@watchfire/model'
import type { Sample, Series, Value } from '@watchfire/promql'
import { histogramJson } from './histogram-json.js'
import { formatApiFloat, formatApiTimestamp, formatJsonSeconds } from './json-numbers.js'

/** A label set as a JSON object in label order. */
export function labelsJson(labels: Labels): string {
  const parts: string[] = []
  labels.forEach((name, value) => parts.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`))
  return `{${parts.join(',')}}`
}

function sampleJson(s: Sample): string {
  const t = formatApiTimestamp(s.t)
  const metric = labelsJson(s.metric)
  if (s.h !== undefined) return `{"metric":${metric},"histogram":[${t},${histogramJson(s.h)}]}`
  return `{"metric":${metric},"value":[${t},"${formatApiFloat(s.f)}"]}`
}

function seriesJson(s: Series): string {
  let out = `{"metric":${labelsJson(s.metric)}`
  if (s.floats.length > 0) {
    const points = s.floats.map((p) => `[${formatApiTimestamp(p.t)},"${formatApiFloat(p.f)}"]`)
    out += `,"values":[${points.join(',')}]`
  }
  if (s.histograms.length > 0) {
    const points = s.histograms.map((p) => `[${formatApiTimestamp(p.t)},${histogramJson(p.h)}]`)
    out += `,"histograms":[${points.join(',')}]`
  }
  return `${out}}`
}

/**
 * The `data` of a query response, `{"resultType":…,"result":…}`, byte for byte as Prometheus
 * writes it: values as strings, `values`/`histograms` left out of a series that has none.
 */
export function queryDataJson(value: Value): string {
  switch (value.type) {
    case 'scalar':
      return `{"resultType":"scalar","result":[${formatJsonSeconds(value.t)},"${formatApiFloat(value.v)}"]}`
    case 'string':
      return `{"resultType":"string","result":[${formatJsonSeconds(value.t)},${JSON.stringify(value.v)}]}`
    case 'vector':
      return `{"resultType":"vector","result":[${value.samples.map(sampleJson).join(',')}]}`
    case 'matrix':
      return `{"resultType":"matrix","result":[${value.series.map(seriesJson).join(',')}]}`
  }
}
