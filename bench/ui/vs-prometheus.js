// The web UI against the real Prometheus 2.42's (Debian's, which serves the classic UI: jQuery, d3, Rickshaw)
// on the same data in the same run: time to first graph of a 100-series, 12 h range query opened from a link
// (`g0.expr=…&g0.tab=0&g0.range_input=12h`) in a cold headless Chromium, and the gzip size of the assets the
// page loads. Ours runs as `watchfire server` (the built CLI) on a TSDB filled through its appender; Prometheus
// on blocks that promtool backfilled from the same samples.
// Usage: npm run bench -- ui   (env: BENCH_UI_RUNS=5 timed loads per UI after one warm-up, BENCH_UI_SERIES=100,
// BENCH_UI_SCREENSHOTS=<dir> saves each page as loaded, CHROMIUM_BIN=/usr/bin/chromium, PROMETHEUS_BIN, PROMTOOL_BIN)
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDB } from '@watchfire/tsdb'
import { backfill, startPrometheus } from '../promql/prometheus.js'
import { startServer, stop } from '../tsdb/processes.js'
import { freePort } from '../lib/ports.js'
import { firstGraph, launch, weigh } from './browser.js'
import { appendTo, buildDataset, HOURS, METRIC, SERIES, writeOpenMetrics } from './dataset.js'

const RUNS = Number(process.env.BENCH_UI_RUNS ?? 5)
const SCREENSHOTS = process.env.BENCH_UI_SCREENSHOTS
const WATCHFIRE = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))
const UI_DIST = fileURLToPath(new URL('../../packages/ui/dist/app/', import.meta.url))
const QUERY = `g0.expr=${encodeURIComponent(METRIC)}&g0.tab=0&g0.range_input=${HOURS}h`
// Each UI's chart with every series drawn: ours marks its graph box after uPlot's draw; the classic UI's
// Rickshaw chart is an SVG with one path per series.
const OURS_DRAWN = `document.querySelector('[data-testid=graph][data-drawn][data-series-count="${SERIES}"]') !== null`
const CLASSIC_DRAWN = `document.querySelectorAll('.graph_area svg path').length >= ${SERIES}`

async function startWatchfire(dir, dataDir) {
  const config = join(dir, 'watchfire.yml')
  await writeFile(config, 'global: { evaluation_interval: 1h }\nscrape_configs: []\n')
  const url = `http://127.0.0.1:${await freePort()}`
  const { child } = await startServer(
    'watchfire server',
    process.execPath,
    [
      WATCHFIRE,
      'server',
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=${url.slice('http://'.length)}`,
    ],
    url,
  )
  return { url, stop: () => stop(child) }
}

/** The series count a server returns for the query the page sends, so both are known to hold the data. */
async function seriesCount(url) {
  const end = Math.floor(Date.now() / 1000)
  const params = new URLSearchParams({
    query: METRIC,
    start: String(end - HOURS * 3600),
    end: String(end),
    step: '172',
  })
  const body = await (await fetch(`${url}/api/v1/query_range?${params}`)).json()
  return body.data?.result?.length ?? 0
}

async function timeLoads(browser, url, condition, name) {
  const runs = []
  let first
  for (let i = 0; i <= RUNS; i++) {
    const shot = i === 0 && SCREENSHOTS !== undefined ? join(SCREENSHOTS, `bench-ui-${name}.png`) : undefined
    const r = await firstGraph(browser, url, condition, shot)
    if (i === 0) first = r
    else runs.push(r)
  }
  return { runs, assets: first.assets }
}

async function distFiles(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath ?? entry.path, entry.name)))
  }
  return out
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const ms = (v) => (v === undefined || Number.isNaN(v) ? '–' : `${v.toFixed(0)} ms`)
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`

/** Runs the suite: backfill both, start both, load each UI RUNS times (after a warm-up), print a table. */
export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-ui-bench-'))
  let ours
  let prom
  let browser
  try {
    const dataset = buildDataset(Date.now())
    const oursData = join(dir, 'watchfire-data')
    const db = await openDB(oursData, { logger: () => {} })
    await appendTo(db, dataset)
    await db.close()
    const promData = join(dir, 'prometheus-data')
    const openMetrics = join(dir, 'data.om')
    await writeOpenMetrics(dataset, openMetrics)
    await backfill(openMetrics, promData)
    ours = await startWatchfire(dir, oursData)
    prom = await startPrometheus(dir, promData)
    const counts = [await seriesCount(ours.url), await seriesCount(prom.url)]
    if (counts[0] !== SERIES || counts[1] !== SERIES)
      throw new Error(
        `cannot compare the UIs (series found: watchfire ${counts[0]}, prometheus ${counts[1]})`,
      )

    browser = await launch()
    // Interleaved would mix caches of nothing (every load is a fresh context); one after the other is simpler.
    const a = await timeLoads(browser, `${ours.url}/query?${QUERY}`, OURS_DRAWN, 'watchfire')
    const b = await timeLoads(browser, `${prom.url}/classic/graph?${QUERY}`, CLASSIC_DRAWN, 'prometheus')
    const oursLoaded = weigh(a.assets.map((x) => x.bytes))
    const promLoaded = weigh(b.assets.map((x) => x.bytes))
    const oursDist = weigh(await distFiles(UI_DIST))
    const firstA = a.runs.map((r) => r.firstGraphMs)
    const firstB = b.runs.map((r) => r.firstGraphMs)
    const rows = [
      ['first graph, median', median(firstA), median(firstB), ms],
      ['first graph, fastest', Math.min(...firstA), Math.min(...firstB), ms],
      ['first graph, slowest', Math.max(...firstA), Math.max(...firstB), ms],
      ['assets the page loads, gzip', oursLoaded.gzip, promLoaded.gzip, kib],
      ['assets the page loads, raw', oursLoaded.raw, promLoaded.raw, kib],
      ['asset requests', oursLoaded.files, promLoaded.files, String],
    ]
    const lines = [
      `\nWeb UI: first graph of ${SERIES} series over ${HOURS} h (cold Chromium context, ${RUNS} loads after a ` +
        'warm-up), and the page weight',
      '| metric | watchfire | prometheus 2.42 (classic UI) | ratio (watchfire / prometheus) |',
      '|---|---|---|---|',
      ...rows.map(([name, x, y, f]) => `| ${name} | ${f(x)} | ${f(y)} | ${(x / y).toFixed(2)}x |`),
    ]
    console.log(lines.join('\n'))
    console.log(
      `watchfire: its own performance mark after uPlot's first draw, median ${ms(median(a.runs.map((r) => r.markMs)))}; ` +
        `packages/ui/dist/app: ${oursDist.files} files, ${kib(oursDist.gzip)} gzip (${kib(oursDist.raw)} raw). ` +
        `Target: first graph under 1 s (${median(firstA) < 1000 ? 'met' : 'missed'}).`,
    )
  } finally {
    await browser?.close()
    await ours?.stop()
    await prom?.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
