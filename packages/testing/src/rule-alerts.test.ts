import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Counter, Registry } from '@watchfire/client'
import { describe, expect, it } from 'vitest'
import { metricsHarness } from './metrics-harness.js'

const RULES = `
groups:
  - name: api
    rules:
      - alert: HighErrorRate
        expr: sum by (route) (rate(http_requests_total{code="500"}[1m])) > 0.1
        for: 1m
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.route }} fails {{ $value | humanize }} times a second'
`

function app(): { registry: Registry; requests: Counter<'route' | 'code'> } {
  const registry = new Registry()
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests.',
    labelNames: ['route', 'code'] as const,
    registers: [registry],
  })
  // Known up front, as a middleware's counters are after the first request: rate() then sees the first errors.
  requests.inc({ route: '/users/:id', code: '500' }, 0)
  return { registry, requests }
}

describe('h.alerts', () => {
  it('takes an alert from pending to firing across advance() calls, and resolves it', async () => {
    const { registry, requests } = app()
    const h = metricsHarness(registry, { interval: '15s' })
    const ok = (): void => requests.inc({ route: '/users/:id', code: '200' }, 10)
    const failing = (): void => requests.inc({ route: '/users/:id', code: '500' }, 9)

    await h.advance('2m', { each: ok })
    expect(await h.alerts(RULES)).toEqual([])

    // The first failing interval: 9 errors over the 1m window (no extrapolation below a counter's zero).
    await h.advance('15s', { each: failing })
    const pending = await h.alerts(RULES)
    expect(pending).toEqual([
      {
        name: 'HighErrorRate',
        state: 'pending',
        labels: { alertname: 'HighErrorRate', route: '/users/:id', severity: 'page' },
        annotations: { summary: '/users/:id fails 150m times a second' },
        activeAt: new Date(135_000),
        value: expect.closeTo(0.15, 9),
      },
    ])

    await h.advance('45s', { each: failing })
    expect((await h.alerts(RULES)).map((a) => a.state)).toEqual(['pending'])

    await h.advance('15s', { each: failing })
    const firing = await h.alerts(RULES)
    expect(firing.map((a) => [a.state, a.activeAt.getTime(), a.annotations.summary])).toEqual([
      ['firing', 135_000, '/users/:id fails 600m times a second'],
    ])

    // Errors stop: once the 1m window holds no increase the alert resolves and is no longer reported.
    await h.advance('1m', { each: ok })
    expect(await h.alerts(RULES)).toEqual([])
  })

  it('evaluates at the group interval and reads rules recorded earlier in the same run', async () => {
    const { registry, requests } = app()
    const rules = `
groups:
  - name: slo
    interval: 30s
    rules:
      - record: route:errors:rate1m
        expr: sum by (route) (rate(http_requests_total{code="500"}[1m]))
      - alert: AnyErrors
        expr: route:errors:rate1m > 0
        for: 30s
`
    const h = metricsHarness(registry, { interval: '15s' })
    await h.advance('1m', { each: () => requests.inc({ route: '/users/:id', code: '500' }) })
    const alerts = await h.alerts(rules)
    // Evaluations at 0s, 30s and 60s: first seen at 30s, firing 30s later.
    expect(alerts.map((a) => [a.name, a.state, a.activeAt.getTime(), a.labels])).toEqual([
      ['AnyErrors', 'firing', 30_000, { alertname: 'AnyErrors', route: '/users/:id' }],
    ])
    // The recorded series lived in a scratch store: the scraped data is untouched.
    expect((await h.query('route:errors:rate1m')).series()).toEqual([])
  })

  it('reads a rule file from a path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watchfire-testing-'))
    try {
      const file = join(dir, 'rules.yml')
      await writeFile(
        file,
        'groups:\n  - name: up\n    rules:\n      - alert: TargetUp\n        expr: up == 1\n',
      )
      const h = metricsHarness(new Registry())
      await h.advance(0)
      expect((await h.alerts(file)).map((a) => `${a.name} ${a.state}`)).toEqual(['TargetUp firing'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it.each([
    {
      name: 'a missing file',
      rules: '/nonexistent/rules.yml',
      code: 'ERR_HARNESS_RULES',
      text: 'cannot read rule file',
    },
    {
      name: 'an invalid rule',
      rules: 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(up[\n',
      code: 'ERR_RULE_FILE',
      text: 'could not parse expression',
    },
    {
      name: 'a rule that fails to evaluate',
      rules:
        'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up + on() group_left() {job="app"}\n',
      code: 'ERR_HARNESS_RULES',
      text: 'cannot evaluate rule A',
    },
  ])('throws for $name', async ({ rules, code, text }) => {
    const h = metricsHarness(new Registry())
    await h.advance('1m')
    const err = await h.alerts(rules).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toMatchObject({ code })
    expect((err as Error).message).toContain(text)
  })
})
