import { Labels, type NativeHistogram } from '@watchfire/model'
import { STALE_NAN } from '@watchfire/storage'
import { formatHistogram, formatValue, type Matrix, type Value, type Vector } from '../value.js'
import { formatNumber } from '../parser/numbers.js'
import { almostEqual } from './almost-equal.js'
import { histogramDifference } from './histogram-equal.js'
import type { EvalCommand, ExpectedSeries } from './script-types.js'
import type { SequenceValue } from './series-line.js'

/**
 * Compares a query result with an eval's expectations (SYNTAX.md section 7). Returns a message
 * describing the first difference, or undefined when the result is as expected.
 */
export function compareResult(cmd: EvalCommand, value: Value): string | undefined {
  if (cmd.expectedString !== undefined || value.type === 'string') {
    if (value.type !== 'string') return `expected string result, got ${value.type}`
    const want = cmd.expectedString ?? ''
    return value.v === want
      ? undefined
      : `expected string ${JSON.stringify(want)}, got ${JSON.stringify(value.v)}`
  }
  if (cmd.expectedScalar !== undefined) {
    if (value.type !== 'scalar')
      return `expected scalar ${formatNumber(cmd.expectedScalar)}, got ${value.type}:\n${formatValue(value)}`
    return almostEqual(cmd.expectedScalar, value.v)
      ? undefined
      : `expected scalar ${formatNumber(cmd.expectedScalar)}, got ${formatNumber(value.v)}`
  }
  switch (value.type) {
    case 'scalar':
      return `expected vector or matrix result, got ${formatValue(value)}`
    case 'vector':
      if (cmd.mode === 'range' || cmd.rangeVector !== undefined)
        return 'expected range vector (matrix), got instant vector'
      return compareVector(cmd, value.samples)
    case 'matrix': {
      if (cmd.mode === 'instant' && cmd.rangeVector === undefined)
        return 'received range result on instant evaluation'
      const grid = cmd.rangeVector ?? { startMs: cmd.startMs, endMs: cmd.endMs, stepMs: cmd.stepMs }
      return compareMatrix(cmd, value.series, grid)
    }
  }
}

function expectedFloat(v: SequenceValue): number | undefined {
  return v.kind === 'float' ? v.v : v.kind === 'stale' ? STALE_NAN : undefined
}

function describe(v: SequenceValue): string {
  switch (v.kind) {
    case 'float':
      return formatNumber(v.v)
    case 'stale':
      return 'stale'
    case 'omitted':
      return '_'
    case 'histogram':
      return formatHistogram(v.h)
  }
}

/** Difference between one expected value and an actual float or histogram, or undefined. */
function valueDifference(want: SequenceValue, f: number, h: NativeHistogram | undefined): string | undefined {
  if (want.kind === 'histogram') {
    if (h === undefined) return `expected histogram ${formatHistogram(want.h)}, got float ${formatNumber(f)}`
    const diff = histogramDifference(want.h, h, want.hintSpecified)
    return diff === undefined
      ? undefined
      : `expected ${formatHistogram(want.h)}, got ${formatHistogram(h)}: ${diff}`
  }
  const wantF = expectedFloat(want)
  if (wantF === undefined) return `expected ${describe(want)}`
  if (h !== undefined) return `expected float ${describe(want)}, got histogram ${formatHistogram(h)}`
  return almostEqual(wantF, f) ? undefined : `expected ${describe(want)}, got ${formatNumber(f)}`
}

function compareVector(cmd: EvalCommand, samples: Vector): string | undefined {
  const byLabels = new Map<string, { series: ExpectedSeries; position: number }>()
  cmd.series.forEach((series, position) => byLabels.set(series.labels.toString(), { series, position }))
  const seen = new Set<string>()
  for (const [i, s] of samples.entries()) {
    const key = s.metric.toString()
    const expected = byLabels.get(key)
    if (expected === undefined) return `unexpected sample in result: ${key} (line ${cmd.line})`
    if (cmd.ordered && expected.position !== i) {
      return `expected ${key} at position ${expected.position + 1}, got it at position ${i + 1} (line ${expected.series.line})`
    }
    seen.add(key)
    const want = expected.series.values[0]
    if (want === undefined) return `no expected value for ${key} (line ${expected.series.line})`
    const diff = valueDifference(want, s.f, s.h)
    if (diff !== undefined) return `${key}: ${diff} (line ${expected.series.line})`
  }
  for (const s of cmd.series) {
    if (!seen.has(s.labels.toString()))
      return `expected sample missing from result: ${s.labels.toString()} (line ${s.line})`
  }
  return undefined
}

function compareMatrix(
  cmd: EvalCommand,
  matrix: Matrix,
  grid: { startMs: number; endMs: number; stepMs: number },
): string | undefined {
  for (let i = 1; i < matrix.length; i++) {
    if (Labels.compare((matrix[i - 1] as Matrix[number]).metric, (matrix[i] as Matrix[number]).metric) >= 0) {
      return `matrix not sorted by labels: ${(matrix[i] as Matrix[number]).metric.toString()} after ${(matrix[i - 1] as Matrix[number]).metric.toString()}`
    }
  }
  const steps = grid.stepMs > 0 ? Math.floor((grid.endMs - grid.startMs) / grid.stepMs) + 1 : 1
  const byLabels = new Map(cmd.series.map((s) => [s.labels.toString(), s]))
  const seen = new Set<string>()
  for (const series of matrix) {
    const key = series.metric.toString()
    const expected = byLabels.get(key)
    if (expected === undefined) return `unexpected series in result: ${key} (line ${cmd.line})`
    seen.add(key)
    if (expected.values.length > steps) {
      return `expected ${expected.values.length} values for ${key} but the query has only ${steps} steps (line ${expected.line})`
    }
    const diff = compareSeriesPoints(expected, series, grid)
    if (diff !== undefined) return `${key}: ${diff} (line ${expected.line})`
  }
  for (const s of cmd.series) {
    if (!seen.has(s.labels.toString()))
      return `expected series missing from result: ${s.labels.toString()} (line ${s.line})`
  }
  return undefined
}

function compareSeriesPoints(
  expected: ExpectedSeries,
  series: Matrix[number],
  grid: { startMs: number; stepMs: number },
): string | undefined {
  const floats: { t: number; v: SequenceValue }[] = []
  const histograms: { t: number; v: SequenceValue }[] = []
  expected.values.forEach((v, i) => {
    if (v.kind === 'omitted') return
    const t = grid.startMs + i * grid.stepMs
    if (v.kind === 'histogram') histograms.push({ t, v })
    else floats.push({ t, v })
  })
  if (floats.length !== series.floats.length) {
    return `expected ${floats.length} float points, got ${series.floats.length}: ${series.floats.map((p) => `${formatNumber(p.f)} @[${p.t}]`).join(', ')}`
  }
  if (histograms.length !== series.histograms.length) {
    return `expected ${histograms.length} histogram points, got ${series.histograms.length}`
  }
  for (const [i, want] of floats.entries()) {
    const got = series.floats[i] as Matrix[number]['floats'][number]
    if (got.t !== want.t) return `expected float point at ${want.t}, got one at ${got.t}`
    const diff = valueDifference(want.v, got.f, undefined)
    if (diff !== undefined) return `at ${got.t}: ${diff}`
  }
  for (const [i, want] of histograms.entries()) {
    const got = series.histograms[i] as Matrix[number]['histograms'][number]
    if (got.t !== want.t) return `expected histogram point at ${want.t}, got one at ${got.t}`
    const diff = valueDifference(want.v, 0, got.h)
    if (diff !== undefined) return `at ${got.t}: ${diff}`
  }
  return undefined
}
