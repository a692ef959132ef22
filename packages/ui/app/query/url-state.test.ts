import { describe, expect, it } from 'vitest'
import { defaultPanel, parsePanels, serializePanels, type PanelOptions } from './url-state.js'

describe('parsePanels', () => {
  it('reads a link written by Prometheus 2.42', () => {
    const search =
      '?g0.expr=rate(app_requests_total%5B5m%5D)&g0.tab=0&g0.stacked=1&g0.show_exemplars=0&g0.range_input=2h' +
      '&g0.end_input=2023-02-03%2004%3A05%3A06&g0.moment_input=2023-02-03%2004%3A05%3A06&g0.step_input=30' +
      '&g1.expr=up&g1.tab=1&g1.stacked=0&g1.range_input=1h'
    expect(parsePanels(search)).toEqual<PanelOptions[]>([
      {
        expr: 'rate(app_requests_total[5m])',
        tab: 'graph',
        stacked: true,
        showExemplars: false,
        rangeMs: 7_200_000,
        endMs: Date.UTC(2023, 1, 3, 4, 5, 6),
        stepSec: 30,
      },
      { ...defaultPanel(), expr: 'up', tab: 'table' },
    ])
  })

  it('orders panels by index, not by parameter order, and decodes + as a space', () => {
    expect(parsePanels('g2.expr=b&g0.expr=a+%2B+1').map((p) => p.expr)).toEqual(['a + 1', 'b'])
  })

  it.each([
    ['g0.range_input=soon', 'rangeMs', 3_600_000],
    ['g0.step_input=-5', 'stepSec', null],
    ['g0.end_input=whenever', 'endMs', null],
  ] as const)('keeps the default for a bad value (%s)', (search, field, want) => {
    expect(parsePanels(search)[0]?.[field]).toBe(want)
  })

  it('ignores parameters that are not panel options', () => {
    expect(parsePanels('?foo=bar&gx.expr=up&g0=1')).toEqual([])
  })
})

describe('serializePanels', () => {
  it('writes what parsePanels reads back', () => {
    const panels: PanelOptions[] = [
      { ...defaultPanel(), expr: 'sum by (code) (rate(x{a="b c"}[5m]))', tab: 'graph', stacked: true },
      {
        ...defaultPanel(),
        expr: 'up',
        rangeMs: 5_400_000,
        endMs: Date.UTC(2024, 0, 2, 3, 4, 5),
        stepSec: 15,
      },
    ]
    expect(parsePanels(serializePanels(panels))).toEqual(panels)
  })

  it('uses Prometheus parameter names and values', () => {
    const text = serializePanels([{ ...defaultPanel(), expr: 'up', endMs: Date.UTC(2024, 0, 2, 3, 4, 5) }])
    expect(text).toBe(
      'g0.expr=up&g0.tab=1&g0.stacked=0&g0.show_exemplars=0&g0.range_input=1h' +
        '&g0.end_input=2024-01-02+03%3A04%3A05&g0.moment_input=2024-01-02+03%3A04%3A05',
    )
  })
})
