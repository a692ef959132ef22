// Budget: ≤ 30 s (measured 6 s). The real Prometheus 2.42 and a Watchfire server (in-process, from
// the sources) start on empty data directories and scrape one small target; once both have appended
// samples (2.42 shows its per-type counters only from the first append on), the prometheus_tsdb_*
// families of their /metrics must match: the same names, types, help texts and label names.
//
// Known differences, for features Watchfire's TSDB does not have (nothing to measure):
// - prometheus_tsdb_clean_start: no lock file is taken on the data directory.
// - prometheus_tsdb_isolation_{high,low}_watermark: no append IDs; a commit is synchronous, so
//   readers never see part of one without them.
// - prometheus_tsdb_snapshot_replay_error_total: no in-memory snapshot on shutdown
//   (--enable-feature=memory-snapshot-on-shutdown); the head is always rebuilt from the WAL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from './lib/ports.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

const NOT_IN_WATCHFIRE = [
  'prometheus_tsdb_clean_start',
  'prometheus_tsdb_isolation_high_watermark',
  'prometheus_tsdb_isolation_low_watermark',
  'prometheus_tsdb_snapshot_replay_error_total',
]

/** What the comparison looks at in one family. */
interface FamilyShape {
  type: string
  help: string
  /** Label names of its samples, `le` left out (every bucket has it), sorted. */
  labels: string[]
}

/** The prometheus_tsdb_* families of an exposition in the text format. */
function tsdbFamilies(text: string): Map<string, FamilyShape> {
  const families = new Map<string, FamilyShape>()
  const labels = new Map<string, Set<string>>()
  const family = (name: string): FamilyShape => {
    let f = families.get(name)
    if (f === undefined) families.set(name, (f = { type: '', help: '', labels: [] }))
    return f
  }
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (prometheus_tsdb_\w+) (.*)$/.exec(line)
    if (meta !== null) {
      const f = family(meta[2] as string)
      if (meta[1] === 'HELP') f.help = meta[3] as string
      else f.type = meta[3] as string
      continue
    }
    const sample = /^(prometheus_tsdb_\w+)(?:\{(.*)\})? /.exec(line)
    if (sample === null) continue
    let name = sample[1] as string
    if (!families.has(name)) name = name.replace(/_(bucket|sum|count)$/, '')
    const names = labels.get(name) ?? new Set<string>()
    labels.set(name, names)
    for (const m of (sample[2] ?? '').matchAll(/(\w+)="/g)) if (m[1] !== 'le') names.add(m[1] as string)
  }
  for (const [name, f] of families) f.labels = [...(labels.get(name) ?? [])].sort()
  return families
}

let dir: string
let target: Server
let real: RealPrometheus
let ours: RunningServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-tsdb-metrics-'))
  const targetPort = await freePort()
  target = createServer((_req, res) => res.end('# TYPE parity_test gauge\nparity_test 1\n'))
  await new Promise<void>((resolve) => target.listen(targetPort, '127.0.0.1', resolve))
  const config = [
    'global:',
    '  scrape_interval: 1s',
    'scrape_configs:',
    '  - job_name: target',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${targetPort}']`,
    '',
  ].join('\n')
  const configFile = join(dir, 'prometheus.yml')
  await writeFile(configFile, config)
  ;[real, ours] = await Promise.all([
    startPrometheus(config),
    startServer({
      config: { file: configFile },
      storagePath: join(dir, 'data'),
      listenAddress: `127.0.0.1:${await freePort()}`,
      log: () => {},
    }),
  ])
}, 30_000)

afterAll(async () => {
  await real?.stop()
  await ours?.close()
  target?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('prometheus_tsdb_* self-metrics match Prometheus 2.42', () => {
  let theirs: Map<string, FamilyShape>
  let mine: Map<string, FamilyShape>

  beforeAll(async () => {
    const appended = async (url: string): Promise<Map<string, FamilyShape> | undefined> => {
      const text = await (await fetch(`${url}/metrics`)).text()
      return /^prometheus_tsdb_head_samples_appended_total\{type="float"\} [1-9]/m.test(text)
        ? tsdbFamilies(text)
        : undefined
    }
    ;[theirs, mine] = await Promise.all([
      eventually(() => appended(real.url), 15_000),
      eventually(() => appended(ours.url), 15_000),
    ])
  }, 20_000)

  it('exposes every family Prometheus does, except those of features Watchfire does not have', () => {
    const expected = [...theirs.keys()].filter((n) => !NOT_IN_WATCHFIRE.includes(n)).sort()
    expect(expected.length).toBeGreaterThanOrEqual(60)
    expect([...mine.keys()].sort()).toEqual(expected)
  })

  it('lists as missing only families Prometheus really has', () => {
    for (const name of NOT_IN_WATCHFIRE) expect(theirs.has(name), name).toBe(true)
  })

  it('gives each family the same type, help text and label names', () => {
    const differing: string[] = []
    for (const [name, shape] of mine) {
      const want = theirs.get(name)
      if (want !== undefined && JSON.stringify(shape) !== JSON.stringify(want)) {
        differing.push(`${name}: ours ${JSON.stringify(shape)}, 2.42 ${JSON.stringify(want)}`)
      }
    }
    expect(differing).toEqual([])
  })
})
