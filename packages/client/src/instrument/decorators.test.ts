import { describe, expect, it } from 'vitest'
import { Counter } from '../counter.js'
import { Gauge } from '../gauge.js'
import { Histogram } from '../histogram.js'
import { Registry } from '../registry.js'
import { CountExceptions, InProgress, Timed } from './decorators.js'

// The test transform (oxc) does not lower TC39 decorators, so these tests apply each decorator the way
// TypeScript's emitted code does: decorator(method, context). test/e2e/client-decorators.test.ts
// compiles real `@Timed` syntax with tsc and runs it.
function context(name: string): ClassMethodDecoratorContext {
  return { kind: 'method', name, static: false, private: false } as unknown as ClassMethodDecoratorContext
}

describe('method decorators', () => {
  it('Timed, InProgress and CountExceptions wrap a method and keep `this`', async () => {
    const registers = [new Registry()]
    const h = new Histogram({ name: 'h_seconds', help: 'h', registers })
    const g = new Gauge({ name: 'g', help: 'g', registers })
    const c = new Counter({ name: 'c_total', help: 'c', registers })
    class Service {
      base = 10
      async handle(x: number): Promise<number> {
        if (x < 0) throw new Error('negative')
        return this.base + x
      }
    }
    let method = Service.prototype.handle
    method = Timed(h)(method, context('handle'))
    method = InProgress(g)(method, context('handle'))
    method = CountExceptions(c)(method, context('handle'))
    Service.prototype.handle = method

    const service = new Service()
    expect(await service.handle(5)).toBe(15)
    await expect(service.handle(-1)).rejects.toThrow('negative')
    const count = (await h.get()).values.find((v) => v.metricName === 'h_seconds_count')?.value
    expect(count).toBe(2)
    expect((await g.get()).values[0]?.value).toBe(0)
    expect((await c.get()).values[0]?.value).toBe(1)
  })
})
