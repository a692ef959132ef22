import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitForHttp } from './ports.js'
import { startProcess, type Managed } from './processes.js'

/** Debian's Prometheus: the oracle the compatibility suites compare against. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool'

/** One instant-vector or range-vector element as the HTTP API returns it. */
export interface ApiSeries {
  metric: Record<string, string>
  value?: [number, string]
  values?: [number, string][]
  histogram?: [number, { count: string; sum: string; buckets?: unknown[] }]
}

/** A running real Prometheus on 127.0.0.1 with a throw-away data directory. */
export interface RealPrometheus {
  url: string
  process: Managed
  query(expr: string): Promise<ApiSeries[]>
  stop(): Promise<void>
}

/** Starts the real Prometheus with `configYaml`; resolves once /-/ready answers. */
export async function startPrometheus(
  configYaml: string,
  extraFlags: string[] = [],
): Promise<RealPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-prom-'))
  const configFile = join(dir, 'prometheus.yml')
  await writeFile(configFile, configYaml)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = startProcess(PROMETHEUS_BIN, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
    ...extraFlags,
  ])
  try {
    await waitForHttp(`${url}/-/ready`, 30_000)
  } catch (err) {
    await proc.stop()
    throw new Error(`cannot start prometheus: ${proc.output()}`, { cause: err })
  }
  return {
    url,
    process: proc,
    async query(expr: string): Promise<ApiSeries[]> {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)
      const body = (await res.json()) as { status: string; error?: string; data?: { result: ApiSeries[] } }
      if (body.status !== 'success' || body.data === undefined) {
        throw new Error(`query ${expr} failed: ${body.error ?? res.status}`)
      }
      return body.data.result
    },
    async stop(): Promise<void> {
      await proc.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Polls `fn` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await fn()
      if (value !== undefined) return value
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`condition not met within ${timeoutMs} ms`, { cause: last })
}
