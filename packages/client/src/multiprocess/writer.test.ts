import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Counter } from '../counter.js'
import { Gauge } from '../gauge.js'
import { Registry } from '../registry.js'
import { Summary } from '../summary.js'
import { MultiprocessCollector } from './collector.js'
import { MetricsDirectory } from './directory.js'
import { MultiprocessWriter, enableMultiprocess } from './writer.js'

let directory: string
let writers: MultiprocessWriter[]

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'watchfire-writer-'))
  writers = []
})
afterEach(() => {
  for (const w of writers) w.close()
  rmSync(directory, { recursive: true, force: true })
})

// Two writers in one process stand for two workers (each has its own slot and incarnation).
function worker(registry: Registry): MultiprocessWriter {
  const w = new MultiprocessWriter(
    MetricsDirectory.open(directory, () => {}),
    [registry],
    1000,
    () => {},
  )
  writers.push(w)
  return w
}

function scrape(): Promise<string> {
  const registry = new Registry()
  registry.registerCollector(new MultiprocessCollector({ directory }))
  return registry.metrics()
}

describe('the multi-process writer', () => {
  it('claims one slot per worker and exposes the merged state after a flush', async () => {
    const a = new Registry()
    const b = new Registry()
    const ca = new Counter({ name: 'c_total', help: 'h', registers: [a] })
    const cb = new Counter({ name: 'c_total', help: 'h', registers: [b] })
    const wa = worker(a)
    const wb = worker(b)
    expect([wa.slot, wb.slot]).toEqual([0, 1])
    ca.inc(2)
    cb.inc(3)
    wa.flush()
    expect(await scrape()).toContain('c_total 2\n')
    wb.flush()
    expect(await scrape()).toContain('c_total 5\n')
  })

  it('merges summary windows instead of summing quantiles', async () => {
    const [a, b] = [new Registry(), new Registry()]
    const sa = new Summary({ name: 's', help: 'h', percentiles: [0.5], registers: [a] })
    const sb = new Summary({ name: 's', help: 'h', percentiles: [0.5], registers: [b] })
    for (let i = 1; i <= 100; i++) sa.observe(i)
    for (let i = 101; i <= 300; i++) sb.observe(i)
    worker(a).flush()
    worker(b).flush()
    // The median of 1..300 is 150; summing the workers' medians would give 50 + 200 = 250.
    expect(await scrape()).toContain('s{quantile="0.5"} 150\n')
  })

  it('hands its slot to the archive when closed, so the files do not grow', async () => {
    const registry = new Registry()
    const c = new Counter({ name: 'c_total', help: 'h', registers: [registry] })
    for (let i = 0; i < 5; i++) {
      const w = worker(registry)
      c.inc()
      w.close()
      c.reset()
    }
    expect(readdirSync(directory)).toEqual(['archive.wfmp'])
    expect(await scrape()).toContain('c_total 5\n')
  })

  it('applies removals made by another worker at its next flush', async () => {
    const [a, b] = [new Registry(), new Registry()]
    const ga = new Gauge({
      name: 'g',
      help: 'h',
      labelNames: ['k'],
      multiprocessMode: 'liveall',
      registers: [a],
    })
    const gb = new Gauge({
      name: 'g',
      help: 'h',
      labelNames: ['k'],
      multiprocessMode: 'liveall',
      registers: [b],
    })
    ga.set({ k: 'x' }, 1)
    gb.set({ k: 'x' }, 2)
    const wa = worker(a)
    const wb = worker(b)
    wa.flush()
    wb.flush()
    ga.remove({ k: 'x' })
    wb.flush()
    expect(gb.table.size).toBe(0)
    expect(await scrape()).not.toContain('k="x"')
  })

  it('refuses a bad flush interval and a second directory', () => {
    expect(() => enableMultiprocess({ directory, flushIntervalMs: 0 })).toThrow(
      'cannot enable multi-process metrics (flushIntervalMs 0 must be a positive integer)',
    )
    const w = enableMultiprocess({ directory, registers: [new Registry()] })
    writers.push(w)
    expect(enableMultiprocess({ directory })).toBe(w)
    expect(() => enableMultiprocess({ directory: `${directory}-other` })).toThrow(/already enabled in/)
  })
})
