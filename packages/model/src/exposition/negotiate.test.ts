import { describe, expect, it } from 'vitest'
import type { ExpositionFormat } from './negotiate.js'
import {
  OPENMETRICS_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  contentTypeFor,
  negotiateFormat,
} from './negotiate.js'

// Accept headers as real scrapers and clients send them.
const PROMETHEUS_2_42 =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
const PROMETHEUS_2_42_NATIVE_HISTOGRAMS =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
const PROMETHEUS_3 =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2'
const PROMETHEUS_3_PROTO_FIRST =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1'
const PROMETHEUS_3_TEXT_ONLY = 'text/plain;version=0.0.4;q=0.6,*/*;q=0.5'
const PROMETHEUS_3_TEXT_1_0_ONLY = 'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.6,*/*;q=0.5'
const FIREFOX = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
const CHROME =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'

describe('negotiateFormat', () => {
  it.each<[string, string | undefined, ExpositionFormat]>([
    ['Prometheus 2.42', PROMETHEUS_2_42, 'openmetrics'],
    ['Prometheus 2.42 with native histograms', PROMETHEUS_2_42_NATIVE_HISTOGRAMS, 'protobuf'],
    ['Prometheus 3.x', PROMETHEUS_3, 'openmetrics'],
    ['Prometheus 3.x, protobuf first', PROMETHEUS_3_PROTO_FIRST, 'protobuf'],
    ['Prometheus 3.x, scrape_protocols [PrometheusText0.0.4]', PROMETHEUS_3_TEXT_ONLY, 'text'],
    ['Prometheus 3.x, scrape_protocols [PrometheusText1.0.0]', PROMETHEUS_3_TEXT_1_0_ONLY, 'text'],
    ['vmagent', 'text/plain;version=0.0.4;q=1,*/*;q=0.1', 'text'],
    ['curl', '*/*', 'text'],
    ['a bare *', '*', 'text'],
    ['Firefox', FIREFOX, 'text'],
    ['Chrome', CHROME, 'text'],
    ['no Accept header', undefined, 'text'],
    ['an empty Accept header', '', 'text'],
    ['garbage', ';;,/,==', 'text'],
    ['OpenMetrics without a version', 'application/openmetrics-text', 'openmetrics'],
    ['OpenMetrics 0.0.1', 'application/openmetrics-text; version=0.0.1', 'openmetrics'],
    ['an OpenMetrics version we do not speak', 'application/openmetrics-text; version=2.0.0', 'text'],
    ['mixed case and spaces', ' Application/OpenMetrics-Text ; Version=1.0.0 ', 'openmetrics'],
    ['a quoted parameter', 'application/openmetrics-text;version="1.0.0"', 'openmetrics'],
    [
      'protobuf text encoding',
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text',
      'text',
    ],
    ['protobuf without proto', 'application/vnd.google.protobuf;encoding=delimited', 'text'],
    [
      'a higher q for OpenMetrics',
      'text/plain;q=0.9, application/openmetrics-text;version=1.0.0',
      'openmetrics',
    ],
    ['a higher q for text', 'text/plain, application/openmetrics-text;q=0.5', 'text'],
    ['a concrete type before a wildcard at equal q', '*/*, application/openmetrics-text', 'openmetrics'],
    ['header order at equal q', 'application/openmetrics-text;q=0.5,text/plain;q=0.5', 'openmetrics'],
    ['q=0 as "not acceptable"', 'application/openmetrics-text;q=0, text/plain;q=0.1', 'text'],
    ['an unparsable q as 0', 'application/openmetrics-text;q=high', 'text'],
  ])('%s → %s', (_name, accept, expected) => {
    expect(negotiateFormat(accept)).toBe(expected)
  })

  it.each<[string, ExpositionFormat]>([
    [PROMETHEUS_2_42_NATIVE_HISTOGRAMS, 'openmetrics'],
    [PROMETHEUS_3_PROTO_FIRST, 'openmetrics'],
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited', 'text'],
  ])('skips protobuf when it is disabled: %s → %s', (accept, expected) => {
    expect(negotiateFormat(accept, { protobuf: false })).toBe(expected)
  })
})

describe('contentTypeFor', () => {
  it.each<[ExpositionFormat, string]>([
    ['text', TEXT_CONTENT_TYPE],
    ['openmetrics', OPENMETRICS_CONTENT_TYPE],
    ['protobuf', PROTOBUF_CONTENT_TYPE],
  ])('%s → %s', (format, type) => {
    expect(contentTypeFor(format)).toBe(type)
  })

  it.each<ExpositionFormat>(['text', 'openmetrics', 'protobuf'])(
    'negotiates %s back from its own content type',
    (format) => {
      expect(negotiateFormat(contentTypeFor(format))).toBe(format)
    },
  )

  it('rejects an unknown format with ERR_CONTENT_TYPE', () => {
    expect(() => contentTypeFor('json' as ExpositionFormat)).toThrow(
      expect.objectContaining({ code: 'ERR_CONTENT_TYPE' }),
    )
  })
})
