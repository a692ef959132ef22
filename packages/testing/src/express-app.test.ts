import { expressMetrics, Registry } from '@watchfire/client'
import express, { type Express } from 'express'
import { beforeAll, describe, expect, it } from 'vitest'
import { expectMetrics } from './expect-metrics.js'
import { inject } from './inject.js'
import { metricsHarness } from './metrics-harness.js'

// The worked example of docs/testing.md: an Express app with the metrics middleware, its traffic
// driven in-process, scraped by the harness through its own /metrics route, under an alert rule.
const ALERTS = `
groups:
  - name: api
    rules:
      - alert: UserLookupErrors
        expr: |
          sum by (route) (rate(http_requests_total{route="/users/:id", status_code=~"5.."}[1m]))
            /
          sum by (route) (rate(http_requests_total{route="/users/:id"}[1m]))
            > 0.05
        for: 2m
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.route }}: {{ $value | humanizePercentage }} of requests fail'
`

function createApp(registry: Registry, failEvery: { n: number }): Express {
  const app = express()
  app.use(expressMetrics({ registry }))
  let count = 0
  app.get('/users/:id', (req, res) => {
    count++
    if (failEvery.n > 0 && count % failEvery.n === 0) res.status(503).json({ error: 'database unavailable' })
    else res.json({ id: req.params.id })
  })
  return app
}

describe('an Express app under test', () => {
  const registry = new Registry()
  const failEvery = { n: 0 }
  const app = createApp(registry, failEvery)
  const h = metricsHarness(app, { interval: '15s' })
  // Ten lookups of different users per scrape interval.
  const traffic = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await inject(app, { url: `/users/${i}` })
  }

  beforeAll(async () => {
    await h.advance('5m', { each: traffic })
  })

  it('labels requests by route template, not by URL', async () => {
    const result = await h.query('sum by (route, status_code) (rate(http_requests_total[1m]))')
    expectMetrics(result).toEvaluateTo([
      { labels: { route: '/users/:id', status_code: '200' }, value: 10 / 15 },
    ])
    expectMetrics(await h.query('http_requests_total')).not.toHaveSeries({ route: '/users/3' })
  })

  it('times every request in the duration histogram', async () => {
    expect((await h.query('sum(increase(http_request_duration_seconds_count[1m]))')).value()).toBeCloseTo(
      40,
      9,
    )
    const p99 = await h.query(
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))',
    )
    expect(p99.value()).toBeGreaterThan(0)
  })

  it('does not count the scrapes of /metrics as traffic', async () => {
    expectMetrics(await h.query('http_requests_total')).not.toHaveSeries({ route: '/metrics' })
  })

  it('raises the alert when lookups fail: pending, then firing after 2m', async () => {
    expect(await h.alerts(ALERTS)).toEqual([])
    failEvery.n = 5
    await h.advance('30s', { each: traffic })
    const pending = await h.alerts(ALERTS)
    expect(pending).toMatchObject([
      { name: 'UserLookupErrors', state: 'pending', labels: { route: '/users/:id', severity: 'page' } },
    ])
    await h.advance('2m', { each: traffic })
    const firing = await h.alerts(ALERTS)
    expect(firing).toMatchObject([
      {
        name: 'UserLookupErrors',
        state: 'firing',
        activeAt: pending[0]?.activeAt,
        annotations: { summary: '/users/:id: 20% of requests fail' },
      },
    ])
  })
})
