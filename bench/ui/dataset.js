// The data both UIs draw: 100 gauges (`bench_ui_value{instance="host-NNN"}`), a random walk each, every 15 s
// over the 12 h before the run, generated deterministically so both servers hold exactly the same samples.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { Labels } from '@watchfire/model'

export const SERIES = Number(process.env.BENCH_UI_SERIES ?? 100)
export const HOURS = 12
export const INTERVAL_MS = 15_000
export const METRIC = 'bench_ui_value'

/** mulberry32: small, fast and good enough to make the lines look irregular. */
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
 * The samples, ending on the last 15 s boundary before `nowMs`.
 * @returns {{ times: Float64Array, series: { instance: string, values: Float64Array }[] }}
 */
export function buildDataset(nowMs) {
  const n = (HOURS * 3_600_000) / INTERVAL_MS + 1
  const endMs = Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS
  const times = new Float64Array(n)
  for (let i = 0; i < n; i++) times[i] = endMs - (n - 1 - i) * INTERVAL_MS
  const series = []
  for (let s = 0; s < SERIES; s++) {
    const random = rng(s + 1)
    const values = new Float64Array(n)
    let v = 50 + random() * 100
    for (let i = 0; i < n; i++) {
      v = Math.max(0, v + (random() - 0.5) * 4)
      values[i] = Math.round(v * 100) / 100
    }
    series.push({ instance: `host-${String(s).padStart(3, '0')}`, values })
  }
  return { times, series }
}

/** Writes the data set as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`. */
export async function writeOpenMetrics(dataset, path) {
  const out = createWriteStream(path)
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(`# TYPE ${METRIC} gauge\n`)
  for (const { instance, values } of dataset.series) {
    const lines = []
    for (let i = 0; i < values.length; i++)
      lines.push(`${METRIC}{instance="${instance}"} ${values[i]} ${(dataset.times[i] / 1000).toFixed(3)}\n`)
    await write(lines.join(''))
  }
  await write('# EOF\n')
  out.end()
  await once(out, 'finish')
}

/** Appends the data set to a TSDB in time order, an hour per commit (the head takes them in order). */
export async function appendTo(appendable, dataset) {
  const labels = dataset.series.map(({ instance }) => Labels.fromRecord({ __name__: METRIC, instance }))
  const refs = new Array(labels.length).fill(0)
  const perCommit = 3_600_000 / INTERVAL_MS
  for (let from = 0; from < dataset.times.length; from += perCommit) {
    const app = appendable.appender()
    const to = Math.min(from + perCommit, dataset.times.length)
    for (let i = from; i < to; i++) {
      const t = dataset.times[i]
      for (let s = 0; s < labels.length; s++)
        refs[s] = app.append(refs[s], labels[s], t, dataset.series[s].values[i])
    }
    await app.commit()
  }
}
