// The TSDB next to the real Prometheus 2.42, on the same data in the same run:
//   1. bytes per sample in a compacted 2 h block (dataset.js fed to promtool and to our TSDB),
//      twice: with scrape jitter in the timestamps and with aligned timestamps (as both scrapers
//      store a scrape up to 2 ms late); then in a level-compacted 6 h block, aligned timestamps,
//      the real Prometheus compacting promtool's 2 h blocks (about a minute: its compactor's first run);
//   2. ingestion rate, CPU per sample and memory per active series while scraping the same targets;
//   3. query-select speed over the same block through each one's HTTP API.
// Usage: npm run bench -- tsdb  (runs the built dist; about 5 minutes with the defaults). Env:
//   BENCH_TSDB_SERIES=1000 BENCH_TSDB_SAMPLES=781 (3 h 15 m at 15 s; the first 2 h block is compared)
//   BENCH_TSDB_JITTER_MS=4 BENCH_TSDB_TARGETS=50 BENCH_TSDB_TARGET_SERIES=1000
//   BENCH_TSDB_INTERVAL_S=10 BENCH_TSDB_WINDOW_S=30 BENCH_TSDB_BASE_PORT=31000
//   BENCH_TSDB_QUERY_REPEATS=7 BENCH_TSDB_ONLY=bytes,compacted,ingest,select
//   BENCH_TSDB_COMPACTED_SAMPLES=1981 (8 h 15 m: three 2 h blocks for the 6 h window, and more)
//   PROMETHEUS_BIN=/usr/bin/prometheus
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bytesPerSample } from './bytes-per-sample.js'
import { alignedStartMs } from './dataset.js'
import { ingestVsPrometheus } from './ingest-vs-prometheus.js'
import { selectVsPrometheus } from './select-vs-prometheus.js'

const env = (name, fallback) => Number(process.env[name] ?? fallback)
const SERIES = env('BENCH_TSDB_SERIES', 1000)
const SAMPLES = env('BENCH_TSDB_SAMPLES', 781)
const JITTER_MS = env('BENCH_TSDB_JITTER_MS', 4)
const ONLY = new Set((process.env.BENCH_TSDB_ONLY ?? 'bytes,compacted,ingest,select').split(','))
const SIX_HOURS_MS = 6 * 3_600_000
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'

const ratio = (ours, theirs) =>
  theirs === 0 || !Number.isFinite(theirs) ? '–' : `${(ours / theirs).toFixed(2)}x`
const n = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '–')
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

function table(title, rows) {
  const lines = [
    `\n${title}`,
    '| figure | watchfire | prometheus 2.42 | ratio (watchfire / prometheus) |',
    '|---|---|---|---|',
  ]
  for (const [name, a, b, format] of rows)
    lines.push(`| ${name} | ${format(a)} | ${format(b)} | ${ratio(a, b)} |`)
  console.log(lines.join('\n'))
}

function printBytes(label, r, block = 'first 2 h block') {
  const per = (f, key) => f[key] / f.samples
  table(`Bytes per sample, ${block}, ${label} (${r.ours.samples} samples, ${r.ours.series} series)`, [
    ['chunks dir, bytes/sample', per(r.ours, 'chunkBytes'), per(r.theirs, 'chunkBytes'), n],
    ['index, bytes/sample', per(r.ours, 'indexBytes'), per(r.theirs, 'indexBytes'), n],
    ['whole block, bytes/sample', per(r.ours, 'blockBytes'), per(r.theirs, 'blockBytes'), n],
    ['chunks in block', r.ours.chunks, r.theirs.chunks, String],
  ])
  const c = r.chunks
  console.log(
    `chunks byte-identical to promtool's: ${c.identical}/${c.total}; series with the same chunk count: ${c.sameCount}/${c.series}` +
      `${c.example === undefined ? '' : `; first difference ${JSON.stringify(c.example)}`}`,
  )
  const total = r.ours.series * r.samplesPerSeries
  if (r.compactionS !== undefined)
    console.log(`prometheus 2.42 compacted promtool's 2 h blocks ${n(r.compactionS, 0)} s after its start`)
  console.log(
    `promtool tsdb dump of both blocks: ${r.sameDump ? 'identical' : 'DIFFERENT'} (${r.dumpLines} samples); ` +
      `appending all ${total} samples to ours (in process, one commit per target scrape, WAL on): ` +
      `${n(total / (r.appendMs / 1000), 0)} samples/s; promtool create-blocks-from (parse + write) took ${n(r.promtoolMs / 1000, 1)} s`,
  )
  console.log(
    `our head memory (heap + buffers) per series holding ${r.samplesPerSeries} samples: ${n(r.headBytesPerSeries, 0)} bytes; ` +
      `after compaction moved all but the newest 2 h to blocks: ${n(r.afterCompactionBytesPerSeries, 0)} bytes ` +
      `(full head chunks live in chunks_head/ files in both, the write buffer of 256 KiB included here; no Prometheus figure for this in-process measure, see the ingestion table for RSS)`,
  )
}

/** Runs the suite; temporary data is always removed. */
export async function run() {
  const work = await mkdtemp(join(tmpdir(), 'watchfire-bench-tsdb-'))
  try {
    const startMs = alignedStartMs(SAMPLES)
    let blocksDir
    if (ONLY.has('bytes') || ONLY.has('select')) {
      const jittered = await bytesPerSample({
        work: join(work, 'jitter'),
        series: SERIES,
        samples: SAMPLES,
        startMs,
        jitterMs: JITTER_MS,
      })
      printBytes(`timestamps with 0–${JITTER_MS} ms scrape jitter`, jittered)
      blocksDir = join(work, 'jitter', 'promtool-blocks')
      if (ONLY.has('bytes')) {
        const aligned = await bytesPerSample({
          work: join(work, 'aligned'),
          series: SERIES,
          samples: SAMPLES,
          startMs,
          jitterMs: 0,
        })
        printBytes('timestamps exactly 15 s apart', aligned)
      }
    }
    if (ONLY.has('compacted')) {
      const samples = env('BENCH_TSDB_COMPACTED_SAMPLES', 1981)
      const compacted = await bytesPerSample({
        work: join(work, 'compacted'),
        series: SERIES,
        samples,
        startMs: alignedStartMs(samples, SIX_HOURS_MS),
        jitterMs: 0,
        spanMs: SIX_HOURS_MS,
        prometheus: PROMETHEUS,
      })
      printBytes('timestamps exactly 15 s apart', compacted, 'first level-compacted 6 h block')
    }
    if (ONLY.has('ingest')) {
      const o = {
        work,
        targets: env('BENCH_TSDB_TARGETS', 50),
        series: env('BENCH_TSDB_TARGET_SERIES', 1000),
        intervalS: env('BENCH_TSDB_INTERVAL_S', 10),
        windowS: env('BENCH_TSDB_WINDOW_S', 30),
        basePort: env('BENCH_TSDB_BASE_PORT', 31000),
        prometheus: PROMETHEUS,
      }
      const { ours, theirs } = await ingestVsPrometheus(o)
      table(
        `Ingestion: ${o.targets} targets × ${o.series} series every ${o.intervalS} s, ${o.windowS} s window after one interval of warm-up`,
        [
          ['head samples appended per second', ours.samplesPerS, theirs.samplesPerS, (v) => n(v, 0)],
          [
            'CPU µs per appended sample (scrape + parse + append)',
            ours.cpuUsPerSample,
            theirs.cpuUsPerSample,
            n,
          ],
          ['CPU share of one core', ours.cpuShare, theirs.cpuShare, (v) => `${n(v * 100, 0)}%`],
          ['head series at the end', ours.series, theirs.series, String],
          ['RSS at the end', ours.rss, theirs.rss, mib],
          ['RSS per head series (bytes)', ours.rssPerSeries, theirs.rssPerSeries, (v) => n(v, 0)],
          [
            'RSS growth since ready per head series (bytes)',
            ours.grownPerSeries,
            theirs.grownPerSeries,
            (v) => n(v, 0),
          ],
        ],
      )
    }
    if (ONLY.has('select') && blocksDir !== undefined) {
      const repeats = env('BENCH_TSDB_QUERY_REPEATS', 7)
      const r = await selectVsPrometheus({ work, blocksDir, startMs, repeats, prometheus: PROMETHEUS })
      table(
        `Query-select over the same 2 h block through the HTTP API (median of ${repeats})`,
        r.ours.map((q, i) => {
          const theirs = r.theirs[i]
          const same = q.answer === theirs.answer ? '' : ' (ANSWERS DIFFER)'
          return [`${q.expr}${same}`, q.medianMs, theirs.medianMs, (v) => `${n(v, 1)} ms`]
        }),
      )
      console.log(
        `our raw select in process ({job="job-N"}, whole block): ${n(r.raw.msPerSelect, 1)} ms/select, ${n(r.raw.samplesPerS, 0)} samples/s`,
      )
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
