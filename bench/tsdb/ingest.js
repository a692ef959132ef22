// TSDB ingestion benchmark: N series × M samples through the appender, then bytes/sample after
// head compaction, head memory per active series, and select speed. Runs on the built dist:
//   npm run build && node bench/tsdb/ingest.js [series=10000] [samplesPerSeries=800]
// Prints figures only; no comparison with the real Prometheus is made in this run.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import { ValueType } from '@watchfire/storage'
import { openDB } from '@watchfire/tsdb'

const SERIES = Number(process.argv[2] ?? 10_000)
const SAMPLES = Number(process.argv[3] ?? 800) // 3 h 20 min at 15 s: more than 1.5 block ranges, so one 2 h block gets cut
const STEP_MS = 15_000

async function dirSize(dir) {
  let total = 0
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? await dirSize(p) : (await stat(p)).size
  }
  return total
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits })

const dir = await mkdtemp(join(tmpdir(), 'watchfire-bench-tsdb-'))
try {
  const labels = Array.from({ length: SERIES }, (_, i) =>
    Labels.fromRecord({
      __name__: 'bench_metric',
      instance: `host-${i % 100}`,
      job: `job-${i % 7}`,
      id: String(i),
    }),
  )
  global.gc?.()
  const heapBefore = ((m) => m.heapUsed + m.external)(process.memoryUsage())
  const db = await openDB(dir, { autoCompact: false })
  const refs = new Array(SERIES).fill(0)
  let value = 0
  const t0 = performance.now()
  for (let k = 0; k < SAMPLES; k++) {
    const app = db.appender()
    const t = k * STEP_MS
    for (let i = 0; i < SERIES; i++) refs[i] = app.append(refs[i], labels[i], t, (value += 1.5))
    await app.commit()
  }
  const ingestMs = performance.now() - t0
  global.gc?.()
  const heapAfter = ((m) => m.heapUsed + m.external)(process.memoryUsage())
  const total = SERIES * SAMPLES
  console.log(
    `ingest: ${fmt(SERIES)} series × ${fmt(SAMPLES)} samples in ${fmt(ingestMs)} ms = ${fmt(total / (ingestMs / 1000))} samples/s (WAL on, one commit per scrape)`,
  )
  console.log(
    `head memory: ${fmt((heapAfter - heapBefore) / SERIES)} bytes per active series (${fmt(SAMPLES)} samples each, heap + external delta${global.gc ? '' : ', run with --expose-gc for a cleaner figure'})`,
  )
  console.log(`WAL: ${fmt((await dirSize(join(dir, 'wal'))) / total, 2)} bytes/sample`)

  const c0 = performance.now()
  await db.compact()
  const compactMs = performance.now() - c0
  const blocks = db.blocks()
  let blockBytes = 0
  let blockSamples = 0
  for (const b of blocks) {
    blockBytes += await dirSize(join(dir, b.ulid))
    blockSamples += b.stats.numSamples ?? 0
  }
  console.log(
    `compaction: ${blocks.length} block(s), ${fmt(blockSamples)} samples in ${fmt(compactMs)} ms, ${fmt(blockBytes / Math.max(1, blockSamples), 2)} bytes/sample on disk (chunks + index)`,
  )

  const q0 = performance.now()
  let read = 0
  const selects = 20
  for (let r = 0; r < selects; r++) {
    const q = await db.querier(0, SAMPLES * STEP_MS)
    const set = q.select(
      false,
      undefined,
      new Matcher('=', 'job', `job-${r % 7}`),
      new Matcher('=~', 'instance', 'host-1.*'),
    )
    while (set.next()) {
      const it = set.at().iterator()
      while (it.next() === ValueType.Float) read++
    }
    q.close()
  }
  const selectMs = performance.now() - q0
  console.log(
    `select: ${selects} selects (job=…, instance=~"host-1.*") read ${fmt(read)} samples in ${fmt(selectMs)} ms = ${fmt(read / (selectMs / 1000))} samples/s, ${fmt(selectMs / selects, 1)} ms/select`,
  )
  await db.close()
} finally {
  await rm(dir, { recursive: true, force: true })
}
