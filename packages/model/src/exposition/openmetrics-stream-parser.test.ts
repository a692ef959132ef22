import { describe, expect, it } from 'vitest'
import { Labels } from '../labels.js'
import { OpenMetricsStreamParser } from './openmetrics-stream-parser.js'

describe('OpenMetricsStreamParser', () => {
  it('gives the series part of a sample line as written', () => {
    const p = new OpenMetricsStreamParser('a{x="1",y="2"} 3 4\nb 1\n# EOF\n')
    expect(p.next()).toBe('series')
    expect(p.seriesText).toBe('a{x="1",y="2"}')
    expect(p.next()).toBe('series')
    expect(p.seriesText).toBe('b')
  })

  it('describes each line through its accessors', () => {
    const p = new OpenMetricsStreamParser(
      '# HELP a Help.\n# TYPE a counter\na_total{x="1",y="2"} 3 4 # {t="9"} 0.5\na_created{x="1",y="2"} 10 4\n' +
        '# TYPE h histogram\nh_bucket{le="+Inf"} 1\n# EOF\n',
    )
    const seen: unknown[] = []
    for (let kind = p.next(); kind !== null; kind = p.next()) {
      if (kind === 'series') {
        const names = p.labelNames.slice(0, p.labelCount)
        seen.push([
          kind,
          p.line,
          p.metricName,
          p.familyName,
          p.familyType,
          p.suffix,
          names,
          p.value,
          p.timestampMs,
          p.exemplar,
        ])
      } else seen.push([kind, p.line, p.familySeq])
    }
    expect(seen).toEqual([
      ['help', 1, 1],
      ['type', 2, 1],
      [
        'series',
        3,
        'a_total',
        'a',
        'counter',
        '_total',
        ['x', 'y'],
        3,
        4000,
        { labels: { t: '9' }, value: 0.5 },
      ],
      ['series', 4, 'a_created', 'a', 'counter', '_created', ['x', 'y'], 10, 4000, undefined],
      ['type', 5, 2],
      ['series', 6, 'h_bucket', 'h', 'histogram', '_bucket', ['le'], 1, undefined, undefined],
      ['eof', 7, 2],
    ])
  })

  it('copies the current labels on request', () => {
    const p = new OpenMetricsStreamParser('up{job="x",instance="y"} 1\n# EOF\n')
    expect(p.next()).toBe('series')
    expect(p.labelRecord()).toEqual({ job: 'x', instance: 'y' })
    expect(p.labels().equals(Labels.fromRecord({ __name__: 'up', job: 'x', instance: 'y' }))).toBe(true)
    expect(p.next()).toBe('eof')
    expect(p.next()).toBeNull()
  })

  it('starts an unknown family for a series its predecessor does not own', () => {
    const p = new OpenMetricsStreamParser('# TYPE a gauge\na 1\nb_total 2\n# EOF')
    p.next()
    p.next()
    expect(p.next()).toBe('series')
    expect([p.familyName, p.familyType, p.suffix, p.familySeq]).toEqual(['b_total', 'unknown', '', 2])
  })
})
