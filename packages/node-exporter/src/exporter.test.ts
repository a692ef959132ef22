import { fileURLToPath } from 'node:url'
import { parseText } from '@watchfire/model'
import { afterEach, describe, expect, it } from 'vitest'
import { startNodeExporter } from './exporter.js'
import type { NodeExporter, NodeExporterOptions } from './exporter.js'
import { parseListenAddress } from './listen-address.js'

const paths = {
  procfs: fileURLToPath(new URL('./testdata/proc', import.meta.url)),
  sysfs: fileURLToPath(new URL('./testdata/sys', import.meta.url)),
}

describe('startNodeExporter', () => {
  let exporter: NodeExporter | undefined
  afterEach(async () => {
    await exporter?.close()
    exporter = undefined
  })

  async function start(options: NodeExporterOptions = {}): Promise<NodeExporter> {
    exporter = await startNodeExporter({ listenAddress: '127.0.0.1:0', paths, ...options })
    return exporter
  }

  it('serves the fixture machine, sorted, with build info, exporter metrics and per-collector status', async () => {
    const e = await start({ collectors: ['loadavg', 'stat', 'pressure'] })
    const res = await fetch(e.metricsUrl)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const families = parseText(await res.text())
    const names = families.map((f) => f.name)
    expect(names).toEqual([...names].sort())
    expect(names).toEqual(
      expect.arrayContaining([
        'node_load1',
        'node_boot_time_seconds',
        'node_pressure_cpu_waiting_seconds_total',
        'node_exporter_build_info',
        'process_cpu_seconds_total',
        'promhttp_metric_handler_requests_total',
        'promhttp_metric_handler_errors_total',
      ]),
    )
    const success = families.find((f) => f.name === 'node_scrape_collector_success')
    expect(success?.metrics.map((m) => [m.labels.collector, m.value])).toEqual([
      ['loadavg', 1],
      ['pressure', 1],
      ['stat', 1],
    ])
  })

  it('leaves out its own metrics when asked, and keeps answering when a collector fails', async () => {
    const e = await start({
      collectors: ['loadavg', 'meminfo'],
      disableExporterMetrics: true,
      paths: { ...paths, procfs: '/nonexistent' },
    })
    const families = parseText(await (await fetch(e.metricsUrl)).text())
    expect(families.some((f) => f.name.startsWith('process_') || f.name.startsWith('nodejs_'))).toBe(false)
    const success = families.find((f) => f.name === 'node_scrape_collector_success')
    expect(success?.metrics.map((m) => m.value)).toEqual([0, 0])
  })

  it('filters with collect[] and refuses unknown collectors', async () => {
    const e = await start({ collectors: ['loadavg', 'stat'] })
    const families = parseText(await (await fetch(`${e.metricsUrl}?collect[]=loadavg`)).text())
    expect(families.some((f) => f.name === 'node_load1')).toBe(true)
    expect(families.some((f) => f.name === 'node_boot_time_seconds')).toBe(false)
    const bad = await fetch(`${e.metricsUrl}?collect[]=cpu`)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/missing collector: cpu/)
  })

  it('serves a custom telemetry path, negotiates OpenMetrics, and shows a landing page elsewhere', async () => {
    const e = await start({ collectors: ['loadavg'], telemetryPath: '/node' })
    expect(e.metricsUrl).toBe(`${e.url}/node`)
    const om = await fetch(e.metricsUrl, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    })
    expect(om.headers.get('content-type')).toMatch(/^application\/openmetrics-text/)
    expect(await om.text()).toMatch(/# EOF\n$/)
    const landing = await fetch(`${e.url}/`)
    expect(await landing.text()).toContain('<a href="/node">Metrics</a>')
  })

  it('answers 503 beyond --web.max-requests concurrent scrapes', async () => {
    // A statfs that takes 200 ms keeps the first scrape in flight while the others arrive.
    const statfs = async () => {
      await new Promise((r) => setTimeout(r, 200))
      return { bsize: 1, blocks: 1, bfree: 1, bavail: 1, files: 1, ffree: 1 }
    }
    const e = await start({ collectors: ['filesystem'], filesystem: { statfs }, maxRequests: 1 })
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () => fetch(e.metricsUrl).then((r) => r.status)),
    )
    expect(statuses).toContain(200)
    expect(statuses).toContain(503)
  })

  it('refuses an unknown collector', async () => {
    await expect(start({ collectors: ['nope'] })).rejects.toMatchObject({ code: 'ERR_NODE_EXPORTER_CONFIG' })
  })
})

describe('parseListenAddress', () => {
  it.each([
    [':9100', { host: undefined, port: 9100 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:9100', { host: '::1', port: 9100 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('parses %s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected)
  })

  it.each(['9100', 'host:', ':99999', '::1:9100'])('rejects %s', (text) => {
    expect(() => parseListenAddress(text)).toThrow(/cannot parse listen address/)
  })
})
