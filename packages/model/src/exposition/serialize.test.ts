import { describe, expect, it } from 'vitest'
import type { MetricFamily } from '../metric-family.js'
import type { ExpositionFormat } from './negotiate.js'
import { negotiateFormat } from './negotiate.js'
import { decodeProtobuf } from './protobuf-decode.js'
import { serialize } from './serialize.js'

const families: MetricFamily[] = [
  {
    name: 'jobs_total',
    help: 'Jobs run.',
    type: 'counter',
    unit: '',
    metrics: [{ labels: { queue: 'default' }, value: 42 }],
  },
]

describe('serialize', () => {
  it('writes text 0.0.4 without an EOF marker', () => {
    const text = serialize(families, 'text')
    expect(text).toContain('# TYPE jobs_total counter\n')
    expect(text).toContain('jobs_total{queue="default"} 42\n')
    expect(text).not.toContain('# EOF')
  })

  it('writes OpenMetrics with the counter TYPE line without _total and a final # EOF', () => {
    const text = serialize(families, 'openmetrics')
    expect(text).toContain('# TYPE jobs counter\n')
    expect(text).toContain('jobs_total{queue="default"} 42')
    expect(text.endsWith('# EOF\n')).toBe(true)
  })

  it('writes protobuf bytes that decode back to the families', () => {
    const bytes = serialize(families, 'protobuf')
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(decodeProtobuf(bytes)).toEqual(families)
  })

  it.each<[string, ExpositionFormat]>([
    ['application/openmetrics-text;version=1.0.0', 'openmetrics'],
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
      'protobuf',
    ],
    ['*/*', 'text'],
  ])('serializes what negotiateFormat picks for %s', (accept, format) => {
    const body = serialize(families, negotiateFormat(accept))
    expect(body).toEqual(serialize(families, format))
  })

  it('rejects an unknown format with ERR_CONTENT_TYPE', () => {
    expect(() => serialize(families, 'json' as ExpositionFormat)).toThrow(
      expect.objectContaining({ code: 'ERR_CONTENT_TYPE' }),
    )
  })
})
