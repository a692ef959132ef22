import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Counter, Gauge, Histogram, Pushgateway, Registry } from '@watchfire/client'
import { startPushgateway, type RunningPushgateway } from '@watchfire/pushgateway'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'
import { pushedFamilies, sampleLines } from './lib/pushgateway.js'

// Budget: ~20 s. Debian's Python client (push_to_gateway, pushadd_to_gateway, delete_from_gateway) and our own
// client's Pushgateway push to ours; the real Prometheus scrapes ours with honor_labels: true.

const PYTHON = process.env.PYTHON_WITH_PROMETHEUS_CLIENT ?? '/usr/bin/python3'
const run = promisify(execFile)

async function python(script: string, gateway: string): Promise<void> {
  await run(PYTHON, ['-c', script, gateway], { timeout: 20_000 })
}

const pythonPrelude = `
import sys
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, push_to_gateway, pushadd_to_gateway, delete_from_gateway
gw = sys.argv[1]
r = CollectorRegistry()
`

describe('clients pushing to our Pushgateway', () => {
  let gw: RunningPushgateway
  beforeAll(async () => {
    gw = await startPushgateway({ listenAddress: '127.0.0.1:0' })
  })
  afterAll(async () => {
    await gw?.close()
  })

  it('accepts push_to_gateway from the Python client, grouping key values with slashes included', async () => {
    await python(
      pythonPrelude +
        `
c = Counter('py_jobs', 'Jobs run.', ['kind'], registry=r)
c.labels('batch').inc(3)
h = Histogram('py_seconds', 'Duration.', buckets=[0.5, 1], registry=r)
h.observe(0.7)
push_to_gateway(gw, job='py', grouping_key={'path': '/var/tmp', 'empty': ''}, registry=r)
`,
      gw.url,
    )
    const lines = sampleLines(await pushedFamilies(gw.url))
    expect(lines).toContain(
      'py_jobs_total{empty="",instance="",job="py",kind="batch",path="/var/tmp"} counter 3',
    )
    expect(lines).toContain('py_seconds_bucket{empty="",instance="",job="py",path="/var/tmp",le=1} 1')
  })

  it('merges with pushadd_to_gateway and deletes with delete_from_gateway', async () => {
    await python(
      pythonPrelude +
        `
Gauge('py_a', 'A.', registry=r).set(1)
push_to_gateway(gw, job='py2', registry=r)
r2 = CollectorRegistry()
Gauge('py_b', 'B.', registry=r2).set(2)
pushadd_to_gateway(gw, job='py2', registry=r2)
`,
      gw.url,
    )
    let names = (await pushedFamilies(gw.url)).map((f) => f.name)
    expect(names).toEqual(expect.arrayContaining(['py_a', 'py_b']))
    await python(pythonPrelude + `delete_from_gateway(gw, job='py2')\n`, gw.url)
    names = (await pushedFamilies(gw.url)).map((f) => f.name)
    expect(names).not.toContain('py_a')
    expect(names).toContain('py_jobs_total')
  })

  it('accepts push, pushAdd and delete from our own client', async () => {
    const registry = new Registry()
    new Counter({ name: 'wf_jobs_total', help: 'Jobs.', registers: [registry] }).inc(5)
    const client = new Pushgateway(gw.url, {}, registry)
    const groupings = { stage: 'a/b', empty: '' }
    await client.push({ jobName: 'wf', groupings })
    const extra = new Registry()
    new Gauge({ name: 'wf_extra', help: 'Extra.', registers: [extra] }).set(9)
    new Histogram({ name: 'wf_seconds', help: 'S.', buckets: [1], registers: [extra] }).observe(0.5)
    await new Pushgateway(gw.url, { headers: { 'Content-Encoding': 'gzip' } }, extra).pushAdd({
      jobName: 'wf',
      groupings,
    })
    let lines = sampleLines(await pushedFamilies(gw.url))
    expect(lines).toContain('wf_jobs_total{empty="",instance="",job="wf",stage="a/b"} counter 5')
    expect(lines).toContain('wf_extra{empty="",instance="",job="wf",stage="a/b"} gauge 9')
    await client.delete({ jobName: 'wf', groupings })
    lines = sampleLines(await pushedFamilies(gw.url))
    expect(lines.some((l) => l.startsWith('wf_'))).toBe(false)
  })

  it("rejects our client's inconsistent push with a status error naming the metric", async () => {
    const registry = new Registry()
    new Gauge({ name: 'py_jobs_total', help: 'Now a gauge.', registers: [registry] }).set(1)
    await expect(new Pushgateway(gw.url, {}, registry).push({ jobName: 'clash' })).rejects.toMatchObject({
      status: 400,
      body: expect.stringContaining('py_jobs_total'),
    })
  })
})

describe('the real Prometheus scraping our Pushgateway with honor_labels: true', () => {
  let gw: RunningPushgateway
  let prom: RealPrometheus

  beforeAll(async () => {
    gw = await startPushgateway({ listenAddress: '127.0.0.1:0' })
    await fetch(`${gw.url}/metrics/job/nightly/instance/db1`, {
      method: 'PUT',
      body: '# TYPE backup_bytes gauge\nbackup_bytes 12345\n# TYPE backups_total counter\nbackups_total 7\n',
    })
    const target = new URL(gw.url).host
    prom = await startPrometheus(`
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs: [{ targets: ['${target}'] }]
`)
  })
  afterAll(async () => {
    await prom?.stop()
    await gw?.close()
  })

  it('sees the pushed series under the pushed job and instance', async () => {
    const series = await eventually(async () => {
      const result = await prom.query('backup_bytes')
      return result.length > 0 ? result : undefined
    }, 20_000)
    expect(series[0]?.metric).toEqual({ __name__: 'backup_bytes', job: 'nightly', instance: 'db1' })
    expect(series[0]?.value?.[1]).toBe('12345')
    const counter = await prom.query('backups_total{job="nightly"}')
    expect(counter[0]?.value?.[1]).toBe('7')
    const pushTime = await prom.query('push_time_seconds{job="nightly"}')
    expect(Number(pushTime[0]?.value?.[1])).toBeGreaterThan(1_600_000_000)
    const up = await prom.query('up{job="pushgateway"}')
    expect(up[0]?.value?.[1]).toBe('1')
  })
})
