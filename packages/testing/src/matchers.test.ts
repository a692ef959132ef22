import { AssertionError } from 'node:assert'
import { Counter, Registry } from '@watchfire/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { expectMetrics } from './expect-metrics.js'
import { metricsMatchers, type MetricsMatchers } from './matchers.js'
import { metricsHarness, type MetricsHarness } from './metrics-harness.js'

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging the matcher types in is the point
  interface Assertion<T> extends MetricsMatchers<T> {}
}

expect.extend(metricsMatchers)

let h: MetricsHarness

beforeAll(async () => {
  const registry = new Registry()
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  })
  h = metricsHarness(registry, { interval: '15s' })
  await h.advance('5m', {
    each: () => {
      requests.inc({ method: 'GET', route: '/users/:uid', status_code: '200' }, 3)
      requests.inc({ method: 'GET', route: '/health', status_code: '200' }, 1.5)
    },
  })
})

/** The message of the AssertionError `fn` throws. */
function failure(fn: () => void): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AssertionError)
    return (err as Error).message
  }
  throw new Error('expected the assertion to fail')
}

describe('expectMetrics (any test runner)', () => {
  it('passes when a series carries the labels', async () => {
    const result = await h.query('rate(http_requests_total[1m])')
    expectMetrics(result).toHaveSeries({ route: '/users/:uid', status_code: '200' })
    expectMetrics(result).not.toHaveSeries({ route: '/users/:id' })
  })

  it('shows the closest series and the labels that differ when none matches', async () => {
    const result = await h.query('rate(http_requests_total[1m])')
    expect(failure(() => expectMetrics(result).toHaveSeries({ route: '/users/:id', status_code: '200' })))
      .toMatchInlineSnapshot(`
        "expected rate(http_requests_total[1m]) at +5m to have a series matching {route="/users/:id", status_code="200"}, but none of its 2 series does:
          ✗ {instance="harness:0", job="app", method="GET", route="/health", status_code="200"}      route: got "/health", want "/users/:id"
          ✗ {instance="harness:0", job="app", method="GET", route="/users/:uid", status_code="200"}  route: got "/users/:uid", want "/users/:id""
      `)
  })

  it('says so when the result is empty', async () => {
    const result = await h.query('rate(http_requests_total{route="/orders"}[1m])')
    expect(failure(() => expectMetrics(result).toHaveSeries({ route: '/orders' }))).toMatchInlineSnapshot(
      `"expected rate(http_requests_total{route="/orders"}[1m]) at +5m to have a series matching {route="/orders"}, but it has no series"`,
    )
  })

  it('lists the matching series when a negated toHaveSeries fails', async () => {
    const result = await h.query('http_requests_total')
    expect(failure(() => expectMetrics(result).not.toHaveSeries({ route: '/health' })))
      .toMatchInlineSnapshot(`
      "expected http_requests_total at +5m to have no series matching {route="/health"}, but it has:
          http_requests_total{instance="harness:0", job="app", method="GET", route="/health", status_code="200"}  30"
    `)
  })

  it('compares a single value within the tolerance', async () => {
    const result = await h.query('sum(rate(http_requests_total[1m]))')
    expectMetrics(result).toEvaluateTo(0.3)
    expectMetrics(result).toEvaluateTo(0.31, { tolerance: 0.02 })
    expect(
      failure(() => expectMetrics(result).toEvaluateTo(0.35, { tolerance: 0.01 })),
    ).toMatchInlineSnapshot(
      `"expected sum(rate(http_requests_total[1m])) at +5m to evaluate to 0.35 (tolerance 0.01), got 0.3"`,
    )
  })

  it('diffs samples by label set: matched, wrong value, missing, unexpected', async () => {
    const result = await h.query('sum by (route) (rate(http_requests_total[1m]))')
    expectMetrics(result).toEvaluateTo([
      { labels: { route: '/health' }, value: 0.1 },
      { labels: { route: '/users/:uid' }, value: 0.2 },
    ])
    expect(
      failure(() =>
        expectMetrics(result).toEvaluateTo([
          { labels: { route: '/health' }, value: 0.15 },
          { labels: { route: '/users/:id' }, value: 0.2 },
          { labels: { route: '/orders' }, value: 0 },
        ]),
      ),
    ).toMatchInlineSnapshot(`
      "expected sum by (route) (rate(http_requests_total[1m])) at +5m to evaluate to these samples:
        ✗ {route="/health"}      want 0.15, got 0.1
        - {route="/users/:id"}   want 0.2, missing
        - {route="/orders"}      want 0, missing
        + {route="/users/:uid"}  got 0.2, not expected"
    `)
  })

  it('explains a single expected value against many series', async () => {
    const result = await h.query('sum by (route) (rate(http_requests_total[1m]))')
    expect(failure(() => expectMetrics(result).toEvaluateTo(0.3))).toMatchInlineSnapshot(`
      "expected sum by (route) (rate(http_requests_total[1m])) at +5m to evaluate to 0.3, got 2 series:
          {route="/health"}      0.1
          {route="/users/:uid"}  0.2"
    `)
  })

  it('refuses a range result for toEvaluateTo', async () => {
    const result = await h.queryRange('up', { step: '1m' })
    expect(failure(() => expectMetrics(result).toEvaluateTo(1))).toMatchInlineSnapshot(
      `"expected up over +0s..+5m step 1m to evaluate to an instant value, but it is a range result: use an instant query"`,
    )
  })
})

describe('metricsMatchers (expect.extend)', () => {
  it('reads as built-in matchers, .not and .resolves included', async () => {
    await expect(h.query('up')).resolves.toEvaluateTo(1)
    await expect(h.query('rate(http_requests_total[1m])')).resolves.toHaveSeries({ route: '/health' })
    await expect(h.query('rate(http_requests_total[1m])')).resolves.not.toHaveSeries({ route: '/users/:id' })
    expect(await h.query('sum(http_requests_total)')).not.toEvaluateTo(0)
  })

  it('fails with the same readable message', async () => {
    const result = await h.query('rate(http_requests_total[1m])')
    expect(() => expect(result).toHaveSeries({ route: '/users/:id' })).toThrow(
      'expected rate(http_requests_total[1m]) at +5m to have a series matching {route="/users/:id"}',
    )
  })

  it('refuses something that is not a query result', () => {
    expect(() => expect(42).toHaveSeries({})).toThrow('cannot apply toHaveSeries to number')
  })
})
