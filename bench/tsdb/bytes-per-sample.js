// Bytes per sample in a compacted block: the same data set (see dataset.js) written once as
// OpenMetrics and fed to the real `promtool tsdb create-blocks-from openmetrics`, and appended
// scrape by scrape to our TSDB, which compacts it into blocks. The first 2 h block of each holds
// exactly the same samples; with `spanMs` above 2 h, the real Prometheus then level-compacts
// promtool's 2 h blocks (prometheus-compaction.js) and our TSDB its own, and the first block of that
// span is compared instead; their chunks dir, index and whole block are compared, and so are the
// chunks themselves series by series (count, bytes, byte-identical), which shows whether a gap
// comes from the XOR encoding, from where chunks are cut, or from the index.
import { execFile } from 'node:child_process'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Labels } from '@watchfire/model'
import { openBlock, openDB } from '@watchfire/tsdb'
import { datasetSeries, seriesValues, targetTimestamps, writeOpenMetrics } from './dataset.js'
import { compactWithPrometheus } from './prometheus-compaction.js'

const run = promisify(execFile)

// A full GC before each heap reading, without asking the caller for --expose-gc.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc')
/** JS heap plus off-heap buffers (`external` includes `arrayBuffers`), after a full GC. */
const heapBytes = async () => {
  // Buffer memory is released by a background sweeper after the GC that found it dead.
  gc()
  await new Promise((resolve) => setTimeout(resolve, 200))
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}

async function dirBytes(dir) {
  let total = 0
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? await dirBytes(p) : (await stat(p)).size
  }
  return total
}

/** Sizes of one block directory and its sample count. */
async function blockFigures(dir) {
  const block = await openBlock(dir)
  const samples = block.meta.stats.numSamples
  const figures = {
    dir,
    samples,
    series: block.meta.stats.numSeries,
    chunks: block.meta.stats.numChunks,
    chunkBytes: await dirBytes(join(dir, 'chunks')),
    indexBytes: (await stat(join(dir, 'index'))).size,
    blockBytes: await dirBytes(dir),
  }
  await block.close()
  return figures
}

const TWO_HOURS_MS = 7_200_000

/**
 * The block of the window [minTime, minTime + spanMs), or undefined. Above 2 h only a compacted
 * block counts (longer than 2 h), not one of the 2 h blocks it is made of.
 */
async function findBlock(root, minTime, spanMs) {
  for (const e of await readdir(root, { withFileTypes: true })) {
    if (!e.isDirectory() || !/^[0-9A-Z]{26}$/.test(e.name)) continue
    const block = await openBlock(join(root, e.name))
    const { minTime: min, maxTime: max } = block.meta
    // promtool's blocks span first to last sample + 1; ours the whole aligned range.
    const found =
      min >= minTime && max <= minTime + spanMs && (spanMs === TWO_HOURS_MS || max - min > TWO_HOURS_MS)
    await block.close()
    if (found) return join(root, e.name)
  }
  return undefined
}

async function requireBlock(root, minTime, spanMs) {
  const dir = await findBlock(root, minTime, spanMs)
  if (dir === undefined) throw new Error(`cannot find a ${spanMs} ms block starting at ${minTime} in ${root}`)
  return dir
}

/** Appends the data set scrape by scrape (one appender per target and timestamp) and compacts. */
async function appendToOurs(dir, series, startMs, samples, jitterMs) {
  const targets = new Map()
  series.forEach((s, i) => {
    let t = targets.get(s.target)
    if (t === undefined) {
      t = { ts: targetTimestamps(s.target, startMs, samples, jitterMs), members: [] }
      targets.set(s.target, t)
    }
    t.members.push({ labels: Labels.fromRecord(s.labels), vs: seriesValues(s, i, samples), ref: 0 })
  })
  const heapBefore = await heapBytes()
  const db = await openDB(dir, { autoCompact: false, logger: () => {} })
  const t0 = performance.now()
  for (let k = 0; k < samples; k++) {
    for (const t of targets.values()) {
      const app = db.appender()
      const ts = t.ts[k]
      for (const m of t.members) m.ref = app.append(m.ref, m.labels, ts, m.vs[k])
      await app.commit()
    }
  }
  const appendMs = performance.now() - t0
  // Everything the head holds for the whole data set (3 h 15 m, ~6.5 chunks a series), before
  // compaction moves the oldest 2 h into a block.
  const headBytesPerSeries = ((await heapBytes()) - heapBefore) / series.length
  await db.compact()
  const afterCompactionBytesPerSeries = ((await heapBytes()) - heapBefore) / series.length
  await db.close()
  return { appendMs, headBytesPerSeries, afterCompactionBytesPerSeries }
}

/** Series by label text → chunk byte lengths, for the chunk-level comparison. */
async function chunkMap(dir) {
  const block = await openBlock(dir)
  const out = new Map()
  for (const ref of block.postings([])) {
    const s = block.series(ref)
    const chunks = block.readChunksSync(s.chunks.map((c) => c.ref))
    out.set(
      s.labels.toString(),
      chunks.map((c) => c.bytes.subarray(c.start, c.end)),
    )
  }
  await block.close()
  return out
}

async function compareChunks(oursDir, theirsDir) {
  const ours = await chunkMap(oursDir)
  const theirs = await chunkMap(theirsDir)
  let sameCount = 0
  let identical = 0
  let total = 0
  let example
  for (const [key, a] of ours) {
    const b = theirs.get(key) ?? []
    if (a.length === b.length) sameCount++
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      total++
      if (a[i] !== undefined && b[i] !== undefined && Buffer.compare(a[i], b[i]) === 0) identical++
      else example ??= { series: key, chunk: i, ours: a[i]?.length, theirs: b[i]?.length }
    }
  }
  return { series: ours.size, sameCount, identical, total, example }
}

/** Samples of a block as `promtool tsdb dump` prints them, sorted, for an exact comparison. */
async function dumpLines(root, minTime, maxTime) {
  const { stdout } = await run(
    'promtool',
    ['tsdb', 'dump', `--min-time=${minTime}`, `--max-time=${maxTime}`, root],
    { maxBuffer: 1 << 30 },
  )
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .sort()
}

/**
 * Runs the comparison in `work` (a fresh directory) and returns the rows of the results table.
 * `spanMs` (default 2 h) is the block compared; above 2 h, `prometheus` is the binary that compacts.
 * @param {{ work: string, series: number, samples: number, startMs: number, jitterMs: number, spanMs?: number, prometheus?: string }} o
 */
export async function bytesPerSample(o) {
  await mkdir(o.work, { recursive: true })
  const data = datasetSeries(o.series)
  const file = join(o.work, 'data.om')
  await writeOpenMetrics(file, data, o.startMs, o.samples, o.jitterMs)
  const theirsRoot = join(o.work, 'promtool-blocks')
  const oursRoot = join(o.work, 'watchfire-db')
  await mkdir(oursRoot, { recursive: true })
  const p0 = performance.now()
  await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, theirsRoot], {
    maxBuffer: 1 << 26,
  })
  const promtoolMs = performance.now() - p0
  await rm(file)
  const { appendMs, headBytesPerSeries, afterCompactionBytesPerSeries } = await appendToOurs(
    oursRoot,
    data,
    o.startMs,
    o.samples,
    o.jitterMs,
  )
  const spanMs = o.spanMs ?? TWO_HOURS_MS
  const compactionS =
    spanMs === TWO_HOURS_MS
      ? undefined
      : await compactWithPrometheus({
          root: theirsRoot,
          work: o.work,
          minTime: o.startMs,
          spanMs,
          prometheus: o.prometheus ?? 'prometheus',
          findBlock,
        })
  const theirs = await blockFigures(await requireBlock(theirsRoot, o.startMs, spanMs))
  const ours = await blockFigures(await requireBlock(oursRoot, o.startMs, spanMs))
  const chunks = await compareChunks(ours.dir, theirs.dir)
  const maxT = o.startMs + spanMs - 1
  const [dumpOurs, dumpTheirs] = [
    await dumpLines(oursRoot, o.startMs, maxT),
    await dumpLines(theirsRoot, o.startMs, maxT),
  ]
  const sameDump =
    dumpOurs.length === dumpTheirs.length && dumpOurs.every((line, i) => line === dumpTheirs[i])
  return {
    ours,
    theirs,
    chunks,
    sameDump,
    dumpLines: dumpOurs.length,
    appendMs,
    promtoolMs,
    compactionS,
    samplesPerSeries: o.samples,
    headBytesPerSeries,
    afterCompactionBytesPerSeries,
  }
}
