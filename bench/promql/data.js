// The synthetic data set both PromQL engines are measured on: request counters (a few with a reset),
// a classic histogram, gauges and an info-style metric for joins, at a 15 s interval. Generated
// deterministically so every run, and the real Prometheus, see exactly the same samples.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { Labels } from '@watchfire/model'

/** The full benchmark: 5 jobs × 10 instances = 2,000 series, 4 h at 15 s (1.92 M samples). */
export const BENCH_SHAPE = Object.freeze({ jobs: 5, instancesPerJob: 10, hours: 4 })
/** The end-to-end test's data: 240 series, 1 h. */
export const SMALL_SHAPE = Object.freeze({ jobs: 2, instancesPerJob: 3, hours: 1 })

/** The data starts here (2024-01-01T00:00:00Z). */
export const START_MS = Date.UTC(2024, 0, 1)
export const INTERVAL_MS = 15_000
// Samples sit on half seconds and queries on whole seconds, so no range boundary ever lands on a
// sample: Prometheus 2.42 closes range selectors on the left, 3.x (which the engine follows) opens them.
export const SAMPLE_OFFSET_MS = 3_500

const METHODS = ['GET', 'POST', 'PUT', 'DELETE']
const STATUSES = ['200', '201', '404', '500', '503']
const QUEUES = ['ingest', 'email', 'billing', 'reports', 'search']
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1.0', '2.5', '5.0']

/** Samples per series for a shape. */
export function sampleCount(shape) {
  return (shape.hours * 3_600_000) / INTERVAL_MS
}

/** The timestamp of sample `i`, in ms. */
export function sampleTime(i) {
  return START_MS + SAMPLE_OFFSET_MS + i * INTERVAL_MS
}

/** The last sample's timestamp for a shape, in ms. */
export function endOfData(shape) {
  return sampleTime(sampleCount(shape) - 1)
}

/** mulberry32: small, fast and good enough to make the data look irregular. */
function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Every series of the data set, grouped by metric family (OpenMetrics wants families contiguous).
 * @param {{ jobs: number, instancesPerJob: number, hours: number }} shape
 * @returns {{ family: string, type: string, labels: Record<string, string>, values: Float64Array }[]}
 */
export function buildSeries(shape) {
  const n = sampleCount(shape)
  const targets = []
  for (let j = 0; j < shape.jobs; j++) {
    for (let i = 0; i < shape.instancesPerJob; i++) {
      targets.push({
        job: `job-${j}`,
        instance: `host-${j}-${i}:9100`,
        index: j * 1000 + i,
        resets: (j + i) % 4 === 1,
      })
    }
  }
  const out = []
  for (const target of targets) {
    const { job, instance } = target
    for (const [m, method] of METHODS.entries()) {
      for (const [s, status] of STATUSES.entries()) {
        const random = rng(target.index * 100 + m * 10 + s + 1)
        const mean = (method === 'GET' ? 40 : 8) * (status.startsWith('2') ? 1 : 0.05)
        const values = new Float64Array(n)
        let v = Math.floor(random() * 1000)
        for (let k = 0; k < n; k++) {
          if (target.resets && k === Math.floor(n * 0.6)) v = 0
          v += Math.floor(random() * 2 * mean)
          values[k] = v
        }
        const labels = { __name__: 'http_requests_total', job, instance, method, status }
        out.push({ family: 'http_requests', type: 'counter', labels, values })
      }
    }
  }
  for (const target of targets) out.push(...histogramSeries(target, n))
  for (const target of targets) {
    const random = rng(target.index + 7_000_000)
    const values = new Float64Array(n)
    let v = 2e9 + Math.floor(random() * 1e9)
    for (let k = 0; k < n; k++) {
      v = Math.max(1e8, v + Math.floor((random() - 0.48) * 5e7))
      values[k] = v
    }
    const labels = { __name__: 'node_memory_usage_bytes', job: target.job, instance: target.instance }
    out.push({ family: 'node_memory_usage_bytes', type: 'gauge', labels, values })
  }
  for (const target of targets) {
    for (const [q, queue] of QUEUES.entries()) {
      const random = rng(target.index * 10 + q + 8_000_000)
      const values = new Float64Array(n)
      let v = random() * 100
      for (let k = 0; k < n; k++) {
        v = Math.max(0, v + (random() - 0.5) * 10)
        values[k] = Math.round(v * 100) / 100
      }
      const labels = { __name__: 'queue_length', job: target.job, instance: target.instance, queue }
      out.push({ family: 'queue_length', type: 'gauge', labels, values })
    }
  }
  for (const target of targets) {
    const version = `1.${target.index % 3}.0`
    const labels = { __name__: 'app_build_info', job: target.job, instance: target.instance, version }
    out.push({ family: 'app_build_info', type: 'gauge', labels, values: new Float64Array(n).fill(1) })
  }
  return out
}

/** One target's classic histogram: cumulative buckets, _sum and _count. */
function histogramSeries(target, n) {
  const random = rng(target.index + 9_000_000)
  const bounds = BUCKETS.map(Number)
  const buckets = BUCKETS.map(() => new Float64Array(n))
  const inf = new Float64Array(n)
  const sum = new Float64Array(n)
  const counts = new Float64Array(BUCKETS.length)
  let total = 0
  let sumSoFar = 0
  for (let k = 0; k < n; k++) {
    const observations = Math.floor(random() * 50)
    for (let o = 0; o < observations; o++) {
      // Mostly fast requests with a long tail.
      const latency = Math.round(random() ** 3 * 3000) / 1000
      sumSoFar += latency
      total++
      for (let b = 0; b < bounds.length; b++) if (latency <= bounds[b]) counts[b]++
    }
    for (let b = 0; b < bounds.length; b++) buckets[b][k] = counts[b]
    inf[k] = total
    sum[k] = sumSoFar
  }
  const base = { job: target.job, instance: target.instance }
  const family = 'http_request_duration_seconds'
  const type = 'histogram'
  return [
    ...BUCKETS.map((le, b) => ({
      family,
      type,
      labels: { __name__: `${family}_bucket`, ...base, le },
      values: buckets[b],
    })),
    { family, type, labels: { __name__: `${family}_bucket`, ...base, le: '+Inf' }, values: inf },
    { family, type, labels: { __name__: `${family}_sum`, ...base }, values: sum },
    { family, type, labels: { __name__: `${family}_count`, ...base }, values: inf },
  ]
}

/**
 * Writes the series as OpenMetrics text with timestamps, what `promtool tsdb create-blocks-from
 * openmetrics` backfills from. Series-major: each series' samples are in time order.
 * @returns {Promise<number>} bytes written
 */
export async function writeOpenMetrics(series, shape, path) {
  const out = createWriteStream(path)
  const n = sampleCount(shape)
  const seconds = Array.from({ length: n }, (_, k) => String(sampleTime(k) / 1000))
  let family = ''
  let bytes = 0
  const write = async (text) => {
    bytes += text.length
    if (!out.write(text)) await once(out, 'drain')
  }
  for (const s of series) {
    if (s.family !== family) {
      family = s.family
      await write(`# TYPE ${family} ${s.type}\n`)
    }
    const name = s.labels.__name__
    const pairs = Object.entries(s.labels)
      .filter(([k]) => k !== '__name__')
      .map(([k, v]) => `${k}="${v}"`)
    const prefix = `${name}{${pairs.join(',')}} `
    const lines = []
    for (let k = 0; k < n; k++) lines.push(`${prefix}${s.values[k]} ${seconds[k]}\n`)
    await write(lines.join(''))
  }
  await write('# EOF\n')
  out.end()
  await once(out, 'finish')
  return bytes
}

/**
 * Appends the same samples to a store (MemoryStorage or anything Appendable).
 * @returns {Promise<number>} samples appended
 */
export async function loadInto(appendable, series, shape) {
  const n = sampleCount(shape)
  const app = appendable.appender()
  for (const s of series) {
    const labels = Labels.fromRecord(s.labels)
    let ref = 0
    for (let k = 0; k < n; k++) ref = app.append(ref, labels, sampleTime(k), s.values[k])
  }
  await app.commit()
  return series.length * n
}
