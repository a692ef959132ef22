import { describe, expect, it } from 'vitest'
import type { MetricFamily } from '@watchfire/model'
import { Gateway, type PushRequest } from './gateway.js'
import { groupKeyOf } from './grouping-key.js'
import { PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME, type Group } from './store.js'

function gateway(
  consistencyCheck = true,
  own: MetricFamily[] = [],
): { gw: Gateway; tick: (ms: number) => void } {
  let now = 1_000_000
  const gw = new Gateway({
    consistencyCheck,
    ownFamilies: new Map(own.map((f) => [f.name, f])),
    now: () => now,
  })
  return { gw, tick: (ms) => (now += ms) }
}

const push = (method: 'PUT' | 'POST', groupPath: string, text: string): PushRequest => ({
  method,
  groupPath,
  contentType: undefined,
  body: Buffer.from(text),
})

function group(gw: Gateway, labels: Record<string, string>): Group | undefined {
  return gw.store.get(groupKeyOf(labels))
}

function names(g: Group | undefined): string[] {
  return [...(g?.families.keys() ?? [])].sort()
}

function seconds(g: Group | undefined, name: string): number | undefined {
  return g?.families.get(name)?.family.metrics[0]?.value
}

describe('Gateway pushes', () => {
  it('PUT replaces the group, POST replaces families of the same name, push times follow', () => {
    const { gw, tick } = gateway()
    expect(gw.push(push('PUT', '/job/a', 'x 1\ny 2\n')).status).toBe(200)
    tick(1000)
    expect(gw.push(push('POST', '/job/a', 'y 3\nz 4\n')).status).toBe(200)
    const g = group(gw, { job: 'a' })
    expect(names(g)).toEqual([PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME, 'x', 'y', 'z'])
    expect(g?.families.get('y')?.family.metrics[0]?.value).toBe(3)
    expect(seconds(g, PUSH_TIME_NAME)).toBe(1001)
    expect(seconds(g, PUSH_FAILURE_TIME_NAME)).toBe(0)
    expect(gw.push(push('PUT', '/job/a', 'z 5\n')).status).toBe(200)
    expect(names(group(gw, { job: 'a' }))).toEqual([PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME, 'z'])
  })

  it('PUT with an empty body keeps only the push-time gauges', () => {
    const { gw } = gateway()
    gw.push(push('PUT', '/job/a', 'x 1\n'))
    expect(gw.push(push('PUT', '/job/a', '')).status).toBe(200)
    expect(names(group(gw, { job: 'a' }))).toEqual([PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME])
  })

  it('puts grouping labels and instance="" on every metric, overriding the body', () => {
    const { gw } = gateway()
    gw.push(push('PUT', '/job/a/zone/eu', 'x{job="other",zone="us",k="v"} 1\n'))
    const m = group(gw, { job: 'a', zone: 'eu' })?.families.get('x')?.family.metrics[0]
    expect(m?.labels).toEqual({ instance: '', job: 'a', k: 'v', zone: 'eu' })
    expect(Object.keys(m?.labels ?? {})).toEqual(['instance', 'job', 'k', 'zone'])
  })

  it('DELETE removes the group and answers 202 even when it is absent', () => {
    const { gw } = gateway()
    gw.push(push('PUT', '/job/a', 'x 1\n'))
    expect(gw.delete('/job/a').status).toBe(202)
    expect(gw.store.size).toBe(0)
    expect(gw.delete('/job/a').status).toBe(202)
  })

  it('a refused push leaves the metrics untouched and records the failure time', () => {
    const { gw, tick } = gateway()
    gw.push(push('PUT', '/job/a', '# TYPE x counter\nx 1\n'))
    tick(5000)
    const answer = gw.push(push('PUT', '/job/b', '# TYPE x gauge\nx 2\n'))
    expect(answer.status).toBe(400)
    expect(answer.body).toContain('"x"')
    expect(answer.body).toMatch(/^pushed metrics are invalid or inconsistent with existing metrics: /)
    const b = group(gw, { job: 'b' })
    expect(names(b)).toEqual([PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME])
    expect(seconds(b, PUSH_FAILURE_TIME_NAME)).toBe(1005)
    expect(seconds(b, PUSH_TIME_NAME)).toBe(0)
    const a = group(gw, { job: 'a' })
    expect(a?.families.get('x')?.family.type).toBe('counter')
  })

  it.each([
    ['timestamps', 'x 1 1700000000000\n', 'must not have timestamps'],
    ['a duplicate series', 'x{a="1"} 1\nx{a="1"} 2\n', 'x{a="1", instance="", job="t"}'],
  ])('refuses %s with 400 but accepts them unchecked with 202', (_what, text, message) => {
    const checked = gateway().gw
    const answer = checked.push(push('PUT', '/job/t', text))
    expect(answer.status).toBe(400)
    expect(answer.body).toContain(message)
    const unchecked = gateway(false).gw
    expect(unchecked.push(push('PUT', '/job/t', text)).status).toBe(202)
  })

  it('drops timestamped pushes even unchecked, recording a failure', () => {
    const { gw } = gateway(false)
    gw.push(push('PUT', '/job/t', 'x 1 1700000000000\n'))
    expect(names(group(gw, { job: 't' }))).toEqual([PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME])
  })

  it('does not create a failed group whose push-time gauges would collide with another group', () => {
    const { gw } = gateway()
    gw.push(push('PUT', '/job/e', 'x 1\n'))
    const answer = gw.push(push('PUT', '/job/e/instance@base64/=', 'x 2\n'))
    expect(answer.status).toBe(400)
    expect(gw.store.size).toBe(1)
  })

  it('refuses a type contradicting one of its own metrics', () => {
    const own: MetricFamily = {
      name: 'pushgateway_http_requests_total',
      help: 'h',
      type: 'counter',
      unit: '',
      metrics: [],
    }
    const { gw } = gateway(true, [own])
    expect(gw.push(push('PUT', '/job/a', 'pushgateway_http_requests_total 1\n')).status).toBe(400)
    expect(
      gw.push(
        push(
          'PUT',
          '/job/a',
          '# TYPE pushgateway_http_requests_total counter\npushgateway_http_requests_total 1\n',
        ),
      ).status,
    ).toBe(200)
  })

  it('propagates bad grouping keys and bodies as 400 request errors without recording anything', () => {
    const { gw } = gateway()
    expect(() => gw.push(push('PUT', '/job/a/b', 'x 1\n'))).toThrow(/odd number of components/)
    expect(() => gw.push(push('PUT', '/job/a', 'x{ 1\n'))).toThrow(/cannot parse pushed metrics/)
    expect(gw.store.size).toBe(0)
  })

  it('wipe removes every group', () => {
    const { gw } = gateway()
    gw.push(push('PUT', '/job/a', 'x 1\n'))
    gw.push(push('PUT', '/job/b', 'x 1\n'))
    expect(gw.wipe().status).toBe(202)
    expect(gw.store.size).toBe(0)
  })
})
