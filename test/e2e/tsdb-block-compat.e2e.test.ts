import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Labels, Matcher, type NativeHistogram } from '@watchfire/model'
import {
  ChunkEncoding,
  ChunkReader,
  IndexReader,
  ValueType,
  XorChunkEncoder,
  XorIterator,
  isUlid,
  openBlock,
  openDB,
  writeBlock,
  type BlockSeriesInput,
  type DB,
} from '@watchfire/tsdb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess } from './lib/processes.js'
import { PROMETHEUS_BIN, PROMTOOL_BIN, eventually } from './lib/prometheus.js'

const run = promisify(execFile)
const STEP_MS = 15_000
const HOUR_MS = 3_600_000

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'watchfire-tsdb-compat-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Deterministic pseudo-random numbers so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** Counters with jitter and random-walk gauges, 15 s apart, some with a missed scrape. */
function makeSeries(count: number, startMs: number, hours: number): BlockSeriesInput[] {
  const rand = rng(42)
  const n = (hours * HOUR_MS) / STEP_MS
  const out: BlockSeriesInput[] = []
  for (let s = 0; s < count; s++) {
    const counter = s % 2 === 0
    const timestamps = new Float64Array(n)
    const values = new Float64Array(n)
    let v = counter ? Math.floor(rand() * 1000) : rand() * 100
    for (let i = 0; i < n; i++) {
      timestamps[i] = startMs + i * STEP_MS + (i % 7 === 3 ? Math.floor(rand() * 20) : 0)
      v = counter ? v + Math.floor(rand() * 50) : Math.round((v + (rand() - 0.5) * 4) * 1000) / 1000
      values[i] = v
    }
    out.push({
      labels: Labels.fromRecord({
        __name__: counter ? 'http_requests_total' : 'queue_depth',
        instance: `host-${s % 50}:9100`,
        job: s % 3 === 0 ? 'api' : 'worker',
        shard: String(Math.floor(s / 50)),
      }),
      floats: { timestamps, values },
    })
  }
  return out
}

function histogramSeries(startMs: number, n: number): BlockSeriesInput {
  const values: NativeHistogram[] = []
  for (let i = 0; i < n; i++) {
    values.push({
      schema: 1,
      zeroThreshold: 2 ** -128,
      zeroCount: i,
      count: 6 * i,
      sum: i * 2.5,
      positiveSpans: [
        { offset: 0, length: 3 },
        { offset: 2, length: 2 },
      ],
      positiveBuckets: [i, i, i, i, i],
      negativeSpans: [],
      negativeBuckets: [],
    })
  }
  return {
    labels: Labels.fromRecord({ __name__: 'rpc_latency_seconds', job: 'api' }),
    histograms: { timestamps: Float64Array.from(values, (_, i) => startMs + i * STEP_MS), values },
  }
}

/** `promtool tsdb dump` lines `{labels} value timestamp` as "labels timestamp" -> value text. */
async function promtoolDump(dir: string): Promise<Map<string, number>> {
  // promtool 2.42 opens the directory as a read-only DB and insists on a WAL folder.
  await mkdir(join(dir, 'wal'), { recursive: true })
  const { stdout } = await run(PROMTOOL_BIN, ['tsdb', 'dump', dir], { maxBuffer: 1 << 30 })
  const out = new Map<string, number>()
  for (const line of stdout.split('\n')) {
    if (line === '') continue
    const close = line.lastIndexOf('} ')
    const [value, ts] = line.slice(close + 2).split(' ') as [string, string]
    out.set(`${line.slice(0, close + 1)} ${ts}`, parseGoFloat(value))
  }
  return out
}

function parseGoFloat(s: string): number {
  return s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : Number(s)
}

/** Every float sample of every block under `dataDir`, read with our reader, keyed like promtoolDump. */
async function ourDump(dataDir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (const name of (await readdir(dataDir)).filter(isUlid)) {
    const block = await openBlock(join(dataDir, name))
    for (const s of await block.select(-Infinity, Infinity, new Matcher('=~', '__name__', '.+'))) {
      const it = s.iterator()
      while (it.next() === ValueType.Float) out.set(`${s.labels.toString()} ${it.atT()}`, it.atF())
      expect(it.err()).toBeUndefined()
    }
    await block.close()
  }
  return out
}

// Budget: ~20 s. Debian's promtool and prometheus 2.42 are the oracles for the block format.
describe('TSDB blocks are compatible with Prometheus 2.42', () => {
  const start = Math.floor((Date.now() - 5 * HOUR_MS) / (2 * HOUR_MS)) * 2 * HOUR_MS
  const series = makeSeries(300, start, 3)
  let ourDir: string
  let ulid: string

  beforeAll(async () => {
    ourDir = join(root, 'ours')
    await mkdir(ourDir)
    const meta = await writeBlock(ourDir, [...series, histogramSeries(start, 720)])
    ulid = meta.ulid
  })

  it('promtool lists our block and dumps exactly the samples we wrote', async () => {
    const { stdout: list } = await run(PROMTOOL_BIN, ['tsdb', 'list', ourDir])
    expect(list).toContain(ulid)
    expect(list).toMatch(new RegExp(`${ulid}\\s+${start}\\s+\\d+\\s+\\S+\\s+216720\\s+\\d+\\s+301\\s`))
    const dumped = await promtoolDump(ourDir)
    const want = new Map<string, number>()
    for (const s of series) {
      const f = s.floats as { timestamps: Float64Array; values: Float64Array }
      for (let i = 0; i < f.timestamps.length; i++)
        want.set(`${s.labels.toString()} ${f.timestamps[i]}`, f.values[i] as number)
    }
    expect(dumped.size).toBe(want.size)
    expect(dumped).toEqual(want)
  })

  it('promtool analyzes our block', async () => {
    const { stdout } = await run(PROMTOOL_BIN, ['tsdb', 'analyze', ourDir, ulid])
    expect(stdout).toContain(`Block ID: ${ulid}`)
    expect(stdout).toContain('Series: 301')
  })

  it('reads every sample of blocks promtool creates, and re-encodes their chunks byte for byte', async () => {
    const rand = rng(7)
    const lines: string[] = ['# TYPE temperature gauge', '# TYPE events counter']
    const t0 = Math.floor(start / 1000)
    const temps: string[] = []
    const events: string[] = []
    for (let i = 0; i < 1500; i++) {
      const t = t0 + i * 15
      for (const room of ['a', 'b', 'c']) {
        temps.push(`temperature{room="${room}"} ${(20 + rand() * 5).toFixed(2)} ${t}`)
        events.push(`events_total{room="${room}"} ${i * 3 + Math.floor(rand() * 3)} ${t}`)
      }
    }
    lines.splice(1, 0, ...temps)
    lines.push(...events, '# EOF')
    const input = join(root, 'input.om')
    await writeFile(input, lines.join('\n') + '\n')
    const theirDir = join(root, 'theirs')
    await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, theirDir])
    const theirs = await promtoolDump(theirDir)
    expect(theirs.size).toBe(9000)
    expect(await ourDump(theirDir)).toEqual(theirs)

    let compared = 0
    for (const name of (await readdir(theirDir)).filter(isUlid)) {
      const index = await IndexReader.open(join(theirDir, name, 'index'))
      const chunks = await ChunkReader.open(join(theirDir, name, 'chunks'))
      for (const ref of index.postings('', '')) {
        const metas = index.series(ref).chunks
        const bytes = await chunks.read(metas.map((m) => m.ref))
        for (const c of bytes) {
          expect(c.encoding).toBe(ChunkEncoding.XOR)
          const it = new XorIterator().reset(c.bytes, c.start, c.end)
          const enc = new XorChunkEncoder()
          while (it.next() === ValueType.Float) enc.append(it.atT(), it.atF())
          expect(Buffer.from(enc.bytes()).toString('hex')).toBe(
            c.bytes.subarray(c.start, c.end).toString('hex'),
          )
          compared++
        }
      }
      await chunks.close()
    }
    expect(compared).toBeGreaterThan(6)
  })

  it('the real Prometheus serves our block, floats and native histograms', async () => {
    const data = join(root, 'prom-data')
    await mkdir(data)
    await cp(join(ourDir, ulid), join(data, ulid), { recursive: true })
    const config = join(root, 'prometheus.yml')
    await writeFile(config, 'global:\n  scrape_interval: 1h\n')
    const port = await freePort()
    const prom = startProcess(PROMETHEUS_BIN, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ])
    try {
      await waitForHttp(`http://127.0.0.1:${port}/-/ready`, 30_000)
      const s = series[4] as BlockSeriesInput
      const f = s.floats as { timestamps: Float64Array; values: Float64Array }
      const at = (f.timestamps[100] as number) / 1000
      const query = async (expr: string, t: number) => {
        const url = `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}&time=${t}`
        const body = (await (await fetch(url)).json()) as { data: { result: Array<Record<string, unknown>> } }
        return body.data.result
      }
      const sel = `http_requests_total{instance="${s.labels.get('instance')}",shard="${s.labels.get('shard')}"}`
      expect(await query(sel, at)).toEqual([expect.objectContaining({ value: [at, String(f.values[100])] })])
      const h = await query('rpc_latency_seconds', (start + 10 * STEP_MS) / 1000)
      expect(h).toEqual([
        expect.objectContaining({
          histogram: [(start + 10 * STEP_MS) / 1000, expect.objectContaining({ count: '60', sum: '25' })],
        }),
      ])
    } catch (err) {
      throw new Error(`prometheus: ${prom.output()}`, { cause: err })
    } finally {
      await prom.stop()
    }
  })
})

/** Every float sample our DB serves, keyed like promtoolDump. */
async function dbDump(db: DB): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  const q = await db.querier(-Infinity, Infinity)
  const set = q.select(true, undefined, new Matcher('=~', '__name__', '.+'))
  while (set.next()) {
    const s = set.at()
    const it = s.iterator()
    while (it.next() === ValueType.Float) out.set(`${s.labels.toString()} ${it.atT()}`, it.atF())
    expect(it.err()).toBeUndefined()
  }
  expect(set.err()).toBeUndefined()
  q.close()
  return out
}

// Budget: ~15 s. Whole data directories (blocks + WAL) cross over in both directions.
describe('TSDB data directories are compatible with Prometheus 2.42', () => {
  it('promtool reads a directory our DB wrote: a compacted block plus the WAL of the head', async () => {
    const dir = join(root, 'our-db')
    const db = await openDB(dir, { logger: () => {} })
    const start = Math.floor((Date.now() - 6 * HOUR_MS) / (2 * HOUR_MS)) * 2 * HOUR_MS
    const rand = rng(3)
    for (let i = 0; i < 4 * 240; i++) {
      const app = db.appender()
      for (let s = 0; s < 20; s++) {
        const labels = Labels.fromRecord({ __name__: 'ours_total', instance: `i${s}`, job: 'wf' })
        app.append(0, labels, start + i * STEP_MS, i * 10 + Math.floor(rand() * 10) + s)
      }
      await app.commit()
    }
    await db.compact()
    expect(db.blocks().length).toBe(1)
    const ours = await dbDump(db)
    expect(ours.size).toBe(20 * 960)
    await db.close()
    const { stdout: list } = await run(PROMTOOL_BIN, ['tsdb', 'list', dir])
    expect(list).toContain((db.blocks()[0] as { ulid: string }).ulid)
    // promtool's dump opens the directory as a DB: the block and a head replayed from our WAL.
    expect(await promtoolDump(dir)).toEqual(ours)
  })

  it('our DB opens a directory the real Prometheus wrote (Snappy-compressed WAL) and serves what promtool dumps', async () => {
    const data = join(root, 'prom-self')
    await mkdir(data)
    const config = join(root, 'self-scrape.yml')
    const port = await freePort()
    await writeFile(
      config,
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`,
    )
    const prom = startProcess(PROMETHEUS_BIN, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ])
    try {
      await waitForHttp(`http://127.0.0.1:${port}/-/ready`, 30_000)
      // Wait for a few full scrapes (the machine may be slow to start scraping).
      const expr = encodeURIComponent('sum(prometheus_tsdb_head_samples_appended_total)')
      await eventually(async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${expr}`)).json()) as {
          data: { result: Array<{ value: [number, string] }> }
        }
        return Number(body.data.result[0]?.value[1] ?? 0) >= 2000 ? true : undefined
      }, 30_000)
    } finally {
      await prom.stop()
    }
    const theirs = await promtoolDump(data)
    expect(theirs.size).toBeGreaterThan(500)
    const warnings: string[] = []
    const db = await openDB(data, { logger: (m) => warnings.push(m) })
    try {
      expect(warnings).toEqual([])
      expect(await dbDump(db)).toEqual(theirs)
    } finally {
      await db.close()
    }
  })
})
