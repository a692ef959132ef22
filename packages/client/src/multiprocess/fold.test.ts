import { describe, expect, it } from 'vitest'
import { ALL_MODE_DEAD_LIMIT, emptyArchive, foldSlot } from './fold.js'
import type { MergeMode, MetricState } from './state.js'
import { counterState, slotFile } from './multiprocess.test-fixtures.js'

const owner = { pid: 42, startToken: 't', threadId: 0 }

function gauge(mode: MergeMode, v: number, t: number): MetricState {
  return { name: 'g', help: 'h', type: 'gauge', unit: '', labelNames: [], mode, series: [{ l: [], v, t }] }
}

describe('folding a gone worker into the archive', () => {
  it('adds counters exactly once per incarnation', () => {
    const archive = emptyArchive(0)
    const slot = slotFile(0, owner, [counterState(5)])
    foldSlot(archive, slot, [], () => {})
    foldSlot(archive, structuredClone(slot), [], () => {})
    foldSlot(archive, slotFile(0, owner, [counterState(2)], 'next'), [], () => {})
    expect(archive.metrics[0]?.series[0]?.v).toBe(7)
    expect(archive.folded['0']).toEqual(['inc-0-42', 'next'])
  })

  it.each<[MergeMode, number | undefined]>([
    ['sum', 3 + 4],
    ['min', 3],
    ['max', 4],
    ['mostrecent', 3],
    ['livesum', undefined],
    ['liveall', undefined],
    ['livemostrecent', undefined],
  ])('carries a %s gauge over as %s', (mode, expected) => {
    const archive = emptyArchive(0)
    foldSlot(archive, slotFile(0, owner, [gauge(mode, 3, 20)], 'a'), [], () => {})
    foldSlot(archive, slotFile(1, owner, [gauge(mode, 4, 10)], 'b'), [], () => {})
    expect(archive.metrics[0]?.series[0]?.v).toBe(expected)
  })

  it('keeps dead workers apart in mode all, only the most recent ones', () => {
    const archive = emptyArchive(0)
    for (let i = 0; i < ALL_MODE_DEAD_LIMIT + 5; i++) {
      foldSlot(archive, slotFile(0, { ...owner, pid: 1000 + i }, [gauge('all', i, i)], `i${i}`), [], () => {})
    }
    const pids = archive.metrics[0]?.series.map((s) => s.p) ?? []
    expect(pids).toHaveLength(ALL_MODE_DEAD_LIMIT)
    expect(Math.min(...(pids as number[]))).toBe(1005)
  })

  it('applies removals the worker had not seen yet, but not its own', () => {
    const archive = emptyArchive(0)
    const labelled: MetricState = {
      ...counterState(0),
      labelNames: ['k'],
      series: [
        { l: ['a'], v: 1 },
        { l: ['b'], v: 2 },
      ],
    }
    const slot = slotFile(0, owner, [labelled])
    foldSlot(
      archive,
      slot,
      [
        { seq: 1, metric: 'c_total', labels: ['a'], author: 'someone' },
        { seq: 2, metric: 'c_total', labels: ['b'], author: slot.incarnation },
      ],
      () => {},
    )
    expect(archive.metrics[0]?.series.map((s) => s.l)).toEqual([['b']])
  })

  it('reports a metric redefined with other buckets and leaves it out', () => {
    const archive = emptyArchive(0)
    const h = (bounds: number[]): MetricState => ({
      name: 'h',
      help: 'h',
      type: 'histogram',
      unit: '',
      labelNames: [],
      mode: 'sum',
      bounds,
      series: [{ l: [], b: bounds.map(() => 1).concat(1), s: 1, c: bounds.length + 1 }],
    })
    const problems: string[] = []
    foldSlot(archive, slotFile(0, owner, [h([1])], 'a'), [], () => {})
    foldSlot(archive, slotFile(0, owner, [h([1, 2])], 'b'), [], (m) => problems.push(m))
    expect(archive.metrics[0]?.series[0]?.c).toBe(2)
    expect(problems).toEqual(['cannot carry metric h of pid 42 over (histogram buckets differ)'])
  })
})
