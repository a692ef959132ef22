import { describe, expect, it } from 'vitest'
import { Registry } from '../registry.js'
import { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics.js'

describe('HttpMetrics', () => {
  it('records method, route and status, with one fixed value for unmatched requests', async () => {
    const registry = new Registry()
    const metrics = new HttpMetrics({ registry })
    metrics.observe('get', '/users/:id', 200, metrics.start())
    metrics.observe('GET', undefined, 404, metrics.start())
    metrics.observe('GET', '', 404, metrics.start())
    const families = await registry.collect()
    const requests = families.find((f) => f.name === 'http_requests_total')
    expect(requests?.metrics).toEqual(
      [
        { labels: { method: 'GET', route: '/users/:id', status_code: '200' }, value: 1 },
        { labels: { method: 'GET', route: UNMATCHED_ROUTE, status_code: '404' }, value: 2 },
      ].map((m) => expect.objectContaining(m)),
    )
  })

  it('shares its metrics with another middleware on the same registry', async () => {
    const registry = new Registry()
    const first = new HttpMetrics({ registry })
    const second = new HttpMetrics({ registry })
    first.observe('GET', '/a', 200, first.start())
    second.observe('GET', '/a', 200, second.start())
    const requests = (await registry.collect()).find((f) => f.name === 'http_requests_total')
    expect(requests?.metrics[0]?.value).toBe(2)
  })

  it.each([
    [undefined, '/metrics', true],
    [undefined, '/metrics?x=1', true],
    [undefined, '/metrics/', false],
    [undefined, '/api/metrics', false],
    ['/internal/metrics', '/internal/metrics', true],
    ['/internal/metrics', '/metrics', false],
    [false, '/metrics', false],
  ] as const)('with metricsPath %j, %s is the metrics path: %s', (metricsPath, url, expected) => {
    expect(new HttpMetrics({ registry: new Registry(), metricsPath }).isMetricsPath(url)).toBe(expected)
  })
})
