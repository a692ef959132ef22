// A realistic scrape data set for the TSDB benches, generated from a fixed seed so both stores get
// exactly the same samples. The mix, per target (one target = one scrape = one shared timestamp):
//   - 55 % counters (`*_total`): 40 % of them nearly idle (+1 on ~2 % of scrapes), 40 % moderate
//     (+0..4 a scrape), 20 % busy (+0..120 a scrape); any counter resets to a small value on ~1 in
//     2,000 scrapes.
//   - 35 % gauges doing a random walk with limited precision: half rounded to 2 decimals (ratios,
//     temperatures, load) moving on ~30 % of scrapes, half whole bytes moving in 4 KiB pages
//     (memory, disk usage) on ~20 % of scrapes.
//   - 10 % constants (`*_info`, configured limits): the same value at every scrape.
// Timestamps: every 15 s from a 2 h-aligned start, each scrape offset by the target's fixed phase
// plus a jitter of 0–4 ms, which real scrape timestamps have (the scrape loop wakes a little late).
// `series` is divided into targets of 50 series each.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

export const INTERVAL_MS = 15_000
const SERIES_PER_TARGET = 50
const TWO_HOURS_MS = 2 * 3_600_000

/** A small deterministic PRNG (mulberry32), so every run and both stores see the same data. */
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const COUNTERS = ['http_requests_total', 'rpc_calls_total', 'bytes_sent_total', 'errors_total']
const GAUGES = ['cpu_load_ratio', 'temperature_celsius', 'memory_used_bytes', 'disk_used_bytes']
const CONSTANTS = ['build_info', 'config_max_connections']

/**
 * The series of the data set: labels (sorted plain object, `__name__` first), kind and the
 * per-series generator parameters. Deterministic for a given count.
 */
export function datasetSeries(count) {
  const r = rng(42)
  const out = []
  for (let i = 0; i < count; i++) {
    const target = Math.floor(i / SERIES_PER_TARGET)
    const u = r()
    const kind = u < 0.55 ? 'counter' : u < 0.9 ? 'gauge' : 'constant'
    const names = kind === 'counter' ? COUNTERS : kind === 'gauge' ? GAUGES : CONSTANTS
    const name = names[i % names.length]
    const labels = {
      __name__: name,
      instance: `10.0.${target >> 8}.${target & 255}:9100`,
      job: `job-${target % 5}`,
      series: String(i % SERIES_PER_TARGET),
    }
    const c = r()
    const rate = kind === 'counter' ? (c < 0.4 ? 0 : c < 0.8 ? 2.5 : 60) : 0
    const bytes = name.endsWith('_bytes')
    const start =
      kind === 'counter'
        ? Math.floor(r() * 1e6)
        : bytes
          ? Math.floor(r() * 1e6) * 4096
          : Math.round(r() * 10000) / 100
    out.push({ labels, target, kind, rate, bytes, start })
  }
  return out
}

/** Scrape timestamps (ms) of one target: 2 h-aligned start + phase + k × 15 s + 0..jitterMs. */
export function targetTimestamps(target, startMs, samples, jitterMs) {
  const r = rng(1000 + target)
  const phase = Math.floor(r() * INTERVAL_MS)
  const ts = new Array(samples)
  for (let k = 0; k < samples; k++)
    ts[k] = startMs + phase + k * INTERVAL_MS + Math.floor(r() * (jitterMs + 1))
  return ts
}

/** Values of one series over `samples` scrapes, as described at the top of the file. */
export function seriesValues(s, index, samples) {
  const r = rng(7 + index)
  const vs = new Float64Array(samples)
  let v = s.start
  for (let k = 0; k < samples; k++) {
    if (s.kind === 'counter') {
      if (r() < 1 / 2000) v = Math.floor(r() * 10)
      else if (s.rate === 0) v += r() < 0.02 ? 1 : 0
      else v += Math.floor(s.rate * 2 * r())
    } else if (s.kind === 'gauge') {
      if (s.bytes) {
        if (r() < 0.2) v = Math.max(0, v + Math.round((r() - 0.5) * 8) * 4096)
      } else if (r() < 0.3) {
        // `+ 0` turns -0 into 0: the file says "0" and both stores must get the same bits.
        v = Math.round((v + (r() - 0.5) * 2) * 100) / 100 + 0
      }
    }
    vs[k] = v
  }
  return vs
}

/**
 * A start aligned to `alignMs` (2 h: a block range; 6 h: a level-2 compaction window) a few hours
 * back, so blocks are complete and not in the future.
 */
export function alignedStartMs(samples, alignMs = TWO_HOURS_MS) {
  const span = samples * INTERVAL_MS
  return Math.floor((Date.now() - span - TWO_HOURS_MS) / alignMs) * alignMs
}

/** Prometheus's label-set rendering, `name{a="b",...}`. */
function seriesText(labels) {
  const pairs = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}="${v}"`)
  return `${labels.__name__}{${pairs.join(',')}}`
}

/** Exact decimal seconds of a millisecond timestamp: OpenMetrics timestamps are in seconds. */
const seconds = (ms) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`

/**
 * Writes the data set as an OpenMetrics file (families contiguous, each series' samples in time
 * order, `# EOF` at the end). Counters are typed `unknown`, so promtool keeps the `_total` names
 * as they are, like a scrape of these names would.
 */
export async function writeOpenMetrics(file, series, startMs, samples, jitterMs) {
  const out = createWriteStream(file)
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  const byName = new Map()
  series.forEach((s, i) => {
    const list = byName.get(s.labels.__name__) ?? []
    list.push(i)
    byName.set(s.labels.__name__, list)
  })
  for (const [name, indexes] of byName) {
    await write(`# TYPE ${name} ${series[indexes[0]].kind === 'gauge' ? 'gauge' : 'unknown'}\n`)
    for (const i of indexes) {
      const s = series[i]
      const text = seriesText(s.labels)
      const ts = targetTimestamps(s.target, startMs, samples, jitterMs)
      const vs = seriesValues(s, i, samples)
      let chunk = ''
      for (let k = 0; k < samples; k++) chunk += `${text} ${vs[k]} ${seconds(ts[k])}\n`
      await write(chunk)
    }
  }
  await write('# EOF\n')
  out.end()
  await once(out, 'finish')
}
