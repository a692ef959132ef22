import { describe, expect, it } from 'vitest'
import { Counter } from './counter.js'
import { Gauge } from './gauge.js'
import { Histogram } from './histogram.js'
import { Summary } from './summary.js'

// The `@ts-expect-error` lines are the test: `tsc -p tsconfig.json --noEmit` fails if any of them compiles.
// At run time the same calls must throw, since JavaScript callers get no compile-time check.
describe('typed label names', () => {
  it('accepts declared names and rejects others on every metric type', () => {
    const counter = new Counter({
      name: 'c',
      help: 'h',
      labelNames: ['method', 'code'] as const,
      registers: [],
    })
    counter.inc({ method: 'GET', code: '200' })
    counter.inc({ method: 'GET', code: 200 }, 2)
    counter.labels({ method: 'GET' }).inc()
    // @ts-expect-error foo is not a declared label name
    expect(() => counter.inc({ foo: 'x' })).toThrow(/label "foo"/)
    // @ts-expect-error foo is not a declared label name
    expect(() => counter.labels({ foo: 'x' })).toThrow(/label "foo"/)
    // @ts-expect-error foo is not a declared label name
    expect(() => counter.remove({ foo: 'x' })).toThrow(/label "foo"/)

    const gauge = new Gauge({ name: 'g', help: 'h', labelNames: ['pool'] as const, registers: [] })
    gauge.set({ pool: 'a' }, 1)
    // @ts-expect-error poool is a typo
    expect(() => gauge.set({ poool: 'a' }, 1)).toThrow(/label "poool"/)
    // @ts-expect-error foo is not a declared label name
    expect(() => gauge.startTimer({ foo: 'x' })).toThrow(/label "foo"/)

    const histogram = new Histogram({ name: 'h', help: 'h', labelNames: ['route'], registers: [] })
    histogram.observe({ route: '/' }, 1)
    // @ts-expect-error path is not a declared label name (inferred from a plain array too)
    expect(() => histogram.observe({ path: '/' }, 1)).toThrow(/label "path"/)

    const summary = new Summary({ name: 's', help: 'h', labelNames: ['op'] as const, registers: [] })
    summary.observe({ op: 'read' }, 1)
    // @ts-expect-error kind is not a declared label name
    expect(() => summary.zero({ kind: 'read' })).toThrow(/label "kind"/)
  })

  it('accepts any names when the label names are not known statically', () => {
    const names: string[] = ['a']
    const counter = new Counter({ name: 'c', help: 'h', labelNames: names, registers: [] })
    expect(() => counter.inc({ b: 'x' })).toThrow(/label "b"/)
  })
})
