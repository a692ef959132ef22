import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseText, type MetricFamily } from '@watchfire/model'
import { freePort, waitForHttp } from './ports.js'
import { startProcess, type Managed } from './processes.js'

/** Debian's Pushgateway 1.5.1: the oracle the pushgateway suites compare against. */
export const PUSHGATEWAY_BIN = process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway'

/** A running real Pushgateway on 127.0.0.1 with a throw-away persistence file. */
export interface RealPushgateway {
  url: string
  process: Managed
  stop(): Promise<void>
}

/** Starts the real Pushgateway; resolves once /-/ready answers. */
export async function startRealPushgateway(extraFlags: string[] = []): Promise<RealPushgateway> {
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-real-pg-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = startProcess(PUSHGATEWAY_BIN, [
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${join(dir, 'metrics.db')}`,
    '--log.level=error',
    ...extraFlags,
  ])
  try {
    await waitForHttp(`${url}/-/ready`, 15_000)
  } catch (err) {
    await proc.stop()
    throw new Error(`cannot start prometheus-pushgateway: ${proc.output()}`, { cause: err })
  }
  return {
    url,
    process: proc,
    async stop() {
      await proc.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** The gateways' own metrics, which differ by implementation and are left out of comparisons. */
export function isOwnMetric(name: string): boolean {
  return /^(go_|process_|nodejs_|pushgateway_|promhttp_)/.test(name)
}

/** Fetches `/metrics` as text and parses it, leaving the gateway's own families out. */
export async function pushedFamilies(url: string): Promise<MetricFamily[]> {
  const res = await fetch(`${url}/metrics`, { headers: { Accept: 'text/plain; version=0.0.4' } })
  if (res.status !== 200) throw new Error(`GET ${url}/metrics answered ${res.status}: ${await res.text()}`)
  return parseText(await res.text()).filter((f) => !isOwnMetric(f.name))
}

/** Samples as sorted lines `name{labels} value`; push-time gauges show only whether they are zero. */
export function sampleLines(families: readonly MetricFamily[]): string[] {
  const lines: string[] = []
  const fmt = (labels: Readonly<Record<string, string>>): string =>
    Object.keys(labels)
      .sort()
      .map((n) => `${n}=${JSON.stringify(labels[n])}`)
      .join(',')
  for (const f of families) {
    for (const m of f.metrics) {
      const base = fmt(m.labels)
      if (m.histogram !== undefined) {
        for (const b of m.histogram.buckets)
          lines.push(`${f.name}_bucket{${base},le=${b.upperBound}} ${b.cumulativeCount}`)
        lines.push(
          `${f.name}_sum{${base}} ${m.histogram.sum}`,
          `${f.name}_count{${base}} ${m.histogram.count}`,
        )
      } else if (m.summary !== undefined) {
        for (const q of m.summary.quantiles)
          lines.push(`${f.name}{${base},quantile=${q.quantile}} ${q.value}`)
        lines.push(`${f.name}_sum{${base}} ${m.summary.sum}`, `${f.name}_count{${base}} ${m.summary.count}`)
      } else {
        const v = m.value ?? NaN
        const shown =
          f.name === 'push_time_seconds' || f.name === 'push_failure_time_seconds'
            ? v === 0
              ? 'zero'
              : 'set'
            : String(v)
        lines.push(`${f.name}{${base}} ${f.type} ${shown}`)
      }
    }
  }
  return lines.sort()
}

/** Starts a temp directory for a test; remove it with the returned function. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}
