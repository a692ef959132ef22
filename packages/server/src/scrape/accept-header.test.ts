import { negotiateFormat } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { acceptHeader, DEFAULT_ACCEPT, NATIVE_HISTOGRAMS_ACCEPT } from './accept-header.js'

describe('acceptHeader', () => {
  it.each([
    [undefined, false, DEFAULT_ACCEPT],
    [undefined, true, NATIVE_HISTOGRAMS_ACCEPT],
    [
      ['PrometheusText0.0.4', 'OpenMetricsText1.0.0'] as const,
      false,
      'text/plain;version=0.0.4;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.4',
    ],
  ])('for %j (native histograms %s)', (protocols, native, expected) => {
    expect(acceptHeader(protocols, native)).toBe(expected)
  })

  it.each([
    [DEFAULT_ACCEPT, 'openmetrics'],
    [NATIVE_HISTOGRAMS_ACCEPT, 'protobuf'],
    [acceptHeader(['PrometheusText0.0.4'], true), 'text'],
  ])('makes an exporter choose the intended format: %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format)
  })
})
