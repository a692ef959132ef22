// Query-select speed over the same blocks: the block promtool built from the data set is copied for
// each server; both open it (no scraping) and answer the same range-vector queries through the HTTP
// API, results compared. The figure includes the PromQL engine and HTTP on both sides, which is what
// a user waits for. Our raw select (querier + sample iteration, in process) is printed too.
import { cp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Matcher } from '@watchfire/model'
import { ValueType } from '@watchfire/storage'
import { openDB } from '@watchfire/tsdb'
import { query, startServer, stop } from './processes.js'
import { freePort } from '../lib/ports.js'

const WATCHFIRE = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))

/** The queries, each a selector over the whole 2 h block wrapped so the answer stays small. */
export const SELECT_QUERIES = [
  'count_over_time(http_requests_total[2h])',
  'sum(count_over_time({job="job-1"}[2h]))',
  'count(count_over_time({__name__=~".+_bytes"}[2h]))',
]

function canonical(result) {
  return JSON.stringify(
    result.map((r) => [JSON.stringify(r.metric), r.value[1]]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  )
}

async function timeQueries(base, timeS, repeats) {
  const out = []
  for (const expr of SELECT_QUERIES) {
    const answer = canonical(await query(base, expr, timeS)) // warm-up, and the answer to compare
    const ms = []
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now()
      await query(base, expr, timeS)
      ms.push(performance.now() - t0)
    }
    ms.sort((a, b) => a - b)
    out.push({ expr, answer, medianMs: ms[Math.floor(ms.length / 2)] })
  }
  return out
}

async function serve(name, command, args, base, timeS, repeats) {
  const { child } = await startServer(name, command, args, base)
  try {
    return await timeQueries(base, timeS, repeats)
  } finally {
    await stop(child)
  }
}

/** Our raw select over the copied block, in process: samples per second through the querier. */
async function rawSelect(dir, minT, maxT, repeats) {
  const db = await openDB(dir, { autoCompact: false, logger: () => {} })
  let read = 0
  const t0 = performance.now()
  for (let r = 0; r < repeats; r++) {
    const q = await db.querier(minT, maxT)
    const set = q.select(false, undefined, new Matcher('=', 'job', `job-${r % 5}`))
    while (set.next()) {
      const it = set.at().iterator()
      while (it.next() === ValueType.Float) read++
    }
    q.close()
  }
  const ms = performance.now() - t0
  await db.close()
  return { samplesPerS: read / (ms / 1000), msPerSelect: ms / repeats }
}

/**
 * @param {{ work: string, blocksDir: string, startMs: number, repeats: number, prometheus: string }} o
 */
export async function selectVsPrometheus(o) {
  const config = join(o.work, 'select.yml')
  await writeFile(config, 'global:\n  scrape_interval: 1h\nscrape_configs: []\n')
  const oursDir = join(o.work, 'select-watchfire')
  const theirsDir = join(o.work, 'select-prometheus')
  await cp(o.blocksDir, oursDir, { recursive: true })
  await cp(o.blocksDir, theirsDir, { recursive: true })
  const timeS = (o.startMs + 7_200_000 - 1) / 1000
  const oursPort = await freePort()
  const ours = await serve(
    'watchfire',
    process.execPath,
    [
      WATCHFIRE,
      'server',
      `--config.file=${config}`,
      `--storage.tsdb.path=${oursDir}`,
      `--web.listen-address=127.0.0.1:${oursPort}`,
    ],
    `http://127.0.0.1:${oursPort}`,
    timeS,
    o.repeats,
  )
  const promPort = await freePort()
  const theirs = await serve(
    'prometheus',
    o.prometheus,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${theirsDir}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    `http://127.0.0.1:${promPort}`,
    timeS,
    o.repeats,
  )
  const raw = await rawSelect(oursDir, o.startMs, o.startMs + 7_200_000 - 1, o.repeats)
  return { ours, theirs, raw }
}
