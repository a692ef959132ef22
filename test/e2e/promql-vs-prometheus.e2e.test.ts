// The PromQL engine's results against the real Prometheus (2.42) on the same data: the correctness
// half of bench/promql (same generator, same query set, same comparison), on its small data set
// (240 series × 1 h). Budget: under 40 s (backfill and startup take a few seconds, queries are small).
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Engine } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diffResults, fromApi, fromEngine, type ApiData } from '../../bench/promql/compare.js'
import { SMALL_SHAPE, buildSeries, loadInto, writeOpenMetrics } from '../../bench/promql/data.js'
import { QUERIES, queryTimes } from '../../bench/promql/queries.js'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { PROMETHEUS_BIN, PROMTOOL_BIN } from './lib/prometheus.js'

const run = promisify(execFile)
const times = queryTimes(SMALL_SHAPE)
const storage = new MemoryStorage()
const engine = new Engine()
let dir: string
let prometheus: Managed
let url: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-promql-diff-'))
  const series = buildSeries(SMALL_SHAPE)
  const file = join(dir, 'data.om.txt')
  await writeOpenMetrics(series, SMALL_SHAPE, file)
  await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'data')])
  await loadInto(storage, series, SMALL_SHAPE)
  const configFile = join(dir, 'prometheus.yml')
  await writeFile(configFile, 'scrape_configs: []\n')
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  prometheus = startProcess(PROMETHEUS_BIN, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ])
  try {
    await waitForHttp(`${url}/-/ready`, 30_000)
  } catch (err) {
    throw new Error(`cannot start prometheus: ${prometheus.output()}`, { cause: err })
  }
})

afterAll(async () => {
  await prometheus?.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

async function queryPrometheus(path: string, params: Record<string, string>): Promise<ApiData> {
  const res = await fetch(`${url}${path}?${new URLSearchParams(params).toString()}`)
  const body = (await res.json()) as { status: string; error?: string; data?: ApiData }
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`cannot run ${params.query ?? ''} on prometheus (${body.error ?? res.status})`)
  }
  return body.data
}

describe('the engine agrees with Prometheus 2.42 on the benchmark query set', () => {
  it.each(QUERIES)('instant: $name', async ({ expr }) => {
    const ours = fromEngine((await engine.instantQuery(storage, expr, times.instantMs)).value)
    const theirs = fromApi(
      await queryPrometheus('/api/v1/query', { query: expr, time: String(times.instantMs / 1000) }),
    )
    expect(theirs.length).toBeGreaterThan(0)
    expect(diffResults(ours, theirs)).toEqual([])
  })

  it.each(QUERIES)('range: $name', async ({ expr }) => {
    const { startMs, endMs, stepMs } = times
    const ours = fromEngine((await engine.rangeQuery(storage, expr, startMs, endMs, stepMs)).value)
    const theirs = fromApi(
      await queryPrometheus('/api/v1/query_range', {
        query: expr,
        start: String(startMs / 1000),
        end: String(endMs / 1000),
        step: String(stepMs / 1000),
      }),
    )
    expect(theirs.length).toBeGreaterThan(0)
    expect(diffResults(ours, theirs)).toEqual([])
  })
})
