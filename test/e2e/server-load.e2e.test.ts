// Budget: ≤ 60 s (measured ~25 s). A Watchfire server runs in this process (its RSS is what we
// measure) and scrapes a local target every second; a separate Node process holds 1,000 hostile
// connections against it for ATTACK_S seconds: 600 slowloris heads trickled a line every 500 ms,
// 200 heads growing past the header limit, 200 remote-write uploads announcing 1 GiB. Asserts that
// RSS grows by less than RSS_BOUND_MB, that queries keep answering within QUERY_BOUND_MS, and that
// scrapes keep landing; prints the measured figures.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from './lib/prometheus.js'

const ATTACK_S = 15
const CONNECTIONS = 1000
// Measured growth: 59–154 MB, rising with how fast the attacker reconnects (up to ~140,000 connections
// opened in the 15 s, most closed again by the server). The bound keeps a margin over the worst seen.
const RSS_BOUND_MB = 256
const QUERY_BOUND_MS = 2000
const HOSTILE = fileURLToPath(new URL('./fixtures/hostile-clients.js', import.meta.url))
const run = promisify(execFile)

let dir: string
let target: Server
let server: RunningServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-load-'))
  target = createServer((_req, res) => res.end('# TYPE load_test gauge\nload_test 1\n'))
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  const targetPort = (target.address() as AddressInfo).port
  server = await startServer({
    config: {
      yaml: `global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n- job_name: t\n  static_configs: [{targets: ['127.0.0.1:${targetPort}']}]\n`,
    },
    storagePath: join(dir, 'data'),
    listenAddress: '127.0.0.1:0',
    enableRemoteWriteReceiver: true,
    log: () => {},
  })
  await eventually(async () => ((await scrapes()) >= 2 ? true : undefined), 10_000)
})

afterAll(async () => {
  await server?.close()
  target?.closeAllConnections()
  target?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function scrapes(): Promise<number> {
  const q = encodeURIComponent('count_over_time(up{job="t"}[1h])')
  const res = await fetch(`${server.url}/api/v1/query?query=${q}`)
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } }
  return Number(body.data.result[0]?.value[1] ?? 0)
}

async function rejections(): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const out: Record<string, number> = {}
  for (const m of text.matchAll(/^watchfire_http_requests_rejected_total\{reason="([^"]+)"\} (\d+)$/gm))
    if (Number(m[2]) > 0) out[m[1] as string] = Number(m[2])
  return out
}

describe('1,000 hostile connections', () => {
  it('do not blow up memory nor stop queries and scrapes', async () => {
    global.gc?.()
    const baselineMb = process.memoryUsage().rss / 2 ** 20
    const scrapesBefore = await scrapes()
    const port = new URL(server.url).port
    const attack = run(process.execPath, [HOSTILE, port, String(CONNECTIONS), String(ATTACK_S)], {
      maxBuffer: 1 << 20,
    })
    let peakMb = baselineMb
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, process.memoryUsage().rss / 2 ** 20)), 100)
    // Let the attack reach full strength, then query throughout.
    await new Promise((r) => setTimeout(r, 2000))
    const latencies: number[] = []
    const until = Date.now() + (ATTACK_S - 4) * 1000
    while (Date.now() < until) {
      const began = performance.now()
      const res = await fetch(`${server.url}/api/v1/query?query=up`, { signal: AbortSignal.timeout(10_000) })
      expect(res.status).toBe(200)
      await res.json()
      latencies.push(performance.now() - began)
      await new Promise((r) => setTimeout(r, 250))
    }
    const scrapesDuring = (await scrapes()) - scrapesBefore
    const { stdout } = await attack
    clearInterval(sampler)
    const clients = JSON.parse(stdout) as {
      opened: number
      closedByServer: number
      answers: Record<string, number>
    }
    const sorted = [...latencies].sort((a, b) => a - b)
    const figures = {
      connections: CONNECTIONS,
      attackSeconds: ATTACK_S,
      rssBaselineMb: Math.round(baselineMb),
      rssPeakMb: Math.round(peakMb),
      rssGrowthMb: Math.round(peakMb - baselineMb),
      queries: latencies.length,
      queryP50Ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      queryMaxMs: Math.round(sorted.at(-1) ?? 0),
      scrapesDuringAttack: scrapesDuring,
      clients,
      rejected: await rejections(),
    }
    console.log(`server-load figures: ${JSON.stringify(figures)}`)
    expect(clients.opened).toBeGreaterThanOrEqual(CONNECTIONS)
    expect(figures.rssGrowthMb).toBeLessThan(RSS_BOUND_MB)
    expect(figures.queryMaxMs).toBeLessThan(QUERY_BOUND_MS)
    expect(latencies.length).toBeGreaterThan(10)
    // One scrape a second: allow for the last interval still in flight.
    expect(scrapesDuring).toBeGreaterThanOrEqual(ATTACK_S - 6)
  })
})
