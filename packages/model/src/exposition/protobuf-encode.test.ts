import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import type { MetricFamily } from '../metric-family.js'
import { decodeProtobuf } from './protobuf-decode.js'
import { encodeProtobuf } from './protobuf-encode.js'

/**
 * Each case pairs a model with the io.prometheus.client object protobufjs must see for it (proto field
 * names, proto3 defaults omitted), written out by hand from metrics.proto so the oracle is independent of
 * our encoder.
 */
interface Case {
  name: string
  model: MetricFamily[]
  proto: Record<string, unknown>[]
}

const T0 = 1_700_000_000_000

const cases: Case[] = [
  {
    name: 'counter with exemplar, created and explicit timestamps',
    model: [
      {
        name: 'http_requests_total',
        help: 'Requests served.',
        type: 'counter',
        unit: '',
        metrics: [
          {
            labels: { method: 'GET', code: '200' },
            value: 1027,
            createdMs: T0 + 123,
            exemplar: { labels: { trace_id: 'abc' }, value: 0.5, timestampMs: T0 + 1500 },
            timestampMs: T0 + 2000,
          },
          { labels: { method: 'POST', code: '500' }, value: 0 },
        ],
      },
    ],
    proto: [
      {
        name: 'http_requests_total',
        help: 'Requests served.',
        metric: [
          {
            label: [
              { name: 'method', value: 'GET' },
              { name: 'code', value: '200' },
            ],
            counter: {
              value: 1027,
              exemplar: {
                label: [{ name: 'trace_id', value: 'abc' }],
                value: 0.5,
                timestamp: { seconds: 1_700_000_001, nanos: 500_000_000 },
              },
              start_timestamp: { seconds: 1_700_000_000, nanos: 123_000_000 },
            },
            timestamp_ms: T0 + 2000,
          },
          {
            label: [
              { name: 'method', value: 'POST' },
              { name: 'code', value: '500' },
            ],
            counter: {},
          },
        ],
      },
    ],
  },
  {
    name: 'gauge with unit, UTF-8, empty label value and special floats',
    model: [
      {
        name: 'temperature_celsius',
        help: 'Line 1\nline 2 "quoted" \\ back',
        type: 'gauge',
        unit: 'celsius',
        metrics: [
          { labels: { room: 'Küche 🔥' }, value: -3.5 },
          { labels: {}, value: Number.NaN },
          { labels: { x: '' }, value: Infinity },
          { labels: { y: '1' }, value: -0 },
        ],
      },
    ],
    proto: [
      {
        name: 'temperature_celsius',
        help: 'Line 1\nline 2 "quoted" \\ back',
        type: 1,
        unit: 'celsius',
        metric: [
          { label: [{ name: 'room', value: 'Küche 🔥' }], gauge: { value: -3.5 } },
          { gauge: { value: Number.NaN } },
          { label: [{ name: 'x' }], gauge: { value: Infinity } },
          { label: [{ name: 'y', value: '1' }], gauge: { value: -0 } },
        ],
      },
    ],
  },
  {
    name: 'untyped and an empty family',
    model: [
      {
        name: 'legacy',
        help: '',
        type: 'unknown',
        unit: '',
        metrics: [{ labels: { a: 'b' }, value: 7, timestampMs: -5 }],
      },
      { name: 'nothing_yet', help: 'No series.', type: 'gauge', unit: '', metrics: [] },
    ],
    proto: [
      {
        name: 'legacy',
        type: 3,
        metric: [{ label: [{ name: 'a', value: 'b' }], untyped: { value: 7 }, timestamp_ms: -5 }],
      },
      { name: 'nothing_yet', help: 'No series.', type: 1 },
    ],
  },
  {
    name: 'summary with quantiles and a pre-epoch created timestamp',
    model: [
      {
        name: 'rpc_duration_seconds',
        help: 'RPC latency.',
        type: 'summary',
        unit: 'seconds',
        metrics: [
          {
            labels: { service: 'a' },
            summary: {
              count: 10,
              sum: 4.5,
              quantiles: [
                { quantile: 0.5, value: 0.2 },
                { quantile: 0.99, value: 1.1 },
              ],
              createdMs: -1500,
            },
          },
        ],
      },
    ],
    proto: [
      {
        name: 'rpc_duration_seconds',
        help: 'RPC latency.',
        type: 2,
        unit: 'seconds',
        metric: [
          {
            label: [{ name: 'service', value: 'a' }],
            summary: {
              sample_count: 10,
              sample_sum: 4.5,
              quantile: [
                { quantile: 0.5, value: 0.2 },
                { quantile: 0.99, value: 1.1 },
              ],
              start_timestamp: { seconds: -2, nanos: 500_000_000 },
            },
          },
        ],
      },
    ],
  },
  {
    name: 'classic histogram with a bucket exemplar',
    model: [
      {
        name: 'request_size_bytes',
        help: 'Sizes.',
        type: 'histogram',
        unit: '',
        metrics: [
          {
            labels: {},
            histogram: {
              count: 6,
              sum: 2.5,
              buckets: [
                { upperBound: 0.1, cumulativeCount: 2 },
                { upperBound: 1, cumulativeCount: 5, exemplar: { labels: { trace_id: 't' }, value: 0.3 } },
                { upperBound: Infinity, cumulativeCount: 6 },
              ],
              createdMs: T0,
            },
          },
        ],
      },
    ],
    proto: [
      {
        name: 'request_size_bytes',
        help: 'Sizes.',
        type: 4,
        metric: [
          {
            histogram: {
              sample_count: 6,
              sample_sum: 2.5,
              bucket: [
                { cumulative_count: 2, upper_bound: 0.1 },
                {
                  cumulative_count: 5,
                  upper_bound: 1,
                  exemplar: { label: [{ name: 'trace_id', value: 't' }], value: 0.3 },
                },
                { cumulative_count: 6, upper_bound: Infinity },
              ],
              start_timestamp: { seconds: 1_700_000_000 },
            },
          },
        ],
      },
    ],
  },
  {
    name: 'native histogram: negative buckets, zero bucket, several spans, exemplars',
    model: [
      {
        name: 'latency_seconds',
        help: 'Latency.',
        type: 'histogram',
        unit: '',
        metrics: [
          {
            labels: { path: '/' },
            histogram: {
              count: 21,
              sum: 12.5,
              buckets: [],
              native: {
                schema: 3,
                zeroThreshold: 0.001,
                zeroCount: 2,
                count: 21,
                sum: 12.5,
                negativeSpans: [
                  { offset: 0, length: 1 },
                  { offset: 1, length: 2 },
                ],
                negativeBuckets: [4, 4, 0],
                positiveSpans: [
                  { offset: -2, length: 2 },
                  { offset: 3, length: 1 },
                ],
                positiveBuckets: [3, 1, 7],
              },
              exemplars: [{ labels: { trace_id: 'x' }, value: 0.7, timestampMs: T0 }],
            },
          },
        ],
      },
    ],
    proto: [
      {
        name: 'latency_seconds',
        help: 'Latency.',
        type: 4,
        metric: [
          {
            label: [{ name: 'path', value: '/' }],
            histogram: {
              sample_count: 21,
              sample_sum: 12.5,
              schema: 3,
              zero_threshold: 0.001,
              zero_count: 2,
              negative_span: [{ length: 1 }, { offset: 1, length: 2 }],
              negative_delta: [4, 0, -4],
              positive_span: [
                { offset: -2, length: 2 },
                { offset: 3, length: 1 },
              ],
              positive_delta: [3, -2, 6],
              exemplars: [
                {
                  label: [{ name: 'trace_id', value: 'x' }],
                  value: 0.7,
                  timestamp: { seconds: 1_700_000_000 },
                },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    name: 'classic and native buckets together, the default Go zero threshold',
    model: [
      {
        name: 'both_seconds',
        help: '',
        type: 'histogram',
        unit: '',
        metrics: [
          {
            labels: {},
            histogram: {
              count: 5,
              sum: 3,
              buckets: [
                { upperBound: 1, cumulativeCount: 3 },
                { upperBound: Infinity, cumulativeCount: 5 },
              ],
              native: {
                schema: 0,
                zeroThreshold: 2.938735877055719e-39,
                zeroCount: 0,
                count: 5,
                sum: 3,
                negativeSpans: [],
                negativeBuckets: [],
                positiveSpans: [{ offset: 0, length: 2 }],
                positiveBuckets: [3, 2],
              },
            },
          },
        ],
      },
    ],
    proto: [
      {
        name: 'both_seconds',
        type: 4,
        metric: [
          {
            histogram: {
              sample_count: 5,
              sample_sum: 3,
              bucket: [
                { cumulative_count: 3, upper_bound: 1 },
                { cumulative_count: 5, upper_bound: Infinity },
              ],
              zero_threshold: 2.938735877055719e-39,
              positive_span: [{ length: 2 }],
              positive_delta: [3, -1],
            },
          },
        ],
      },
    ],
  },
  {
    name: 'native-only histogram without observations gets a no-op span',
    model: [
      {
        name: 'idle_seconds',
        help: '',
        type: 'histogram',
        unit: '',
        metrics: [
          {
            labels: {},
            histogram: {
              count: 0,
              sum: 0,
              buckets: [],
              native: {
                schema: 0,
                zeroThreshold: 0,
                zeroCount: 0,
                count: 0,
                sum: 0,
                negativeSpans: [],
                negativeBuckets: [],
                positiveSpans: [],
                positiveBuckets: [],
              },
            },
          },
        ],
      },
    ],
    proto: [{ name: 'idle_seconds', type: 4, metric: [{ histogram: { positive_span: [{}] } }] }],
  },
  {
    name: 'float gauge histogram uses absolute counts',
    model: [
      {
        name: 'queue_fill',
        help: '',
        type: 'gaugehistogram',
        unit: '',
        metrics: [
          {
            labels: {},
            histogram: {
              count: 4,
              sum: -3,
              buckets: [{ upperBound: 2, cumulativeCount: 2.5 }],
              native: {
                schema: -1,
                zeroThreshold: 0,
                zeroCount: 0.5,
                count: 4,
                sum: -3,
                negativeSpans: [],
                negativeBuckets: [],
                positiveSpans: [{ offset: 1, length: 2 }],
                positiveBuckets: [1.5, 2],
              },
            },
          },
        ],
      },
    ],
    proto: [
      {
        name: 'queue_fill',
        type: 5,
        metric: [
          {
            histogram: {
              sample_sum: -3,
              bucket: [{ upper_bound: 2, cumulative_count_float: 2.5 }],
              sample_count_float: 4,
              schema: -1,
              zero_count_float: 0.5,
              positive_span: [{ offset: 1, length: 2 }],
              positive_count: [1.5, 2],
            },
          },
        ],
      },
    ],
  },
  {
    name: 'a family longer than 16 KiB (multi-byte length prefixes)',
    model: [
      {
        name: 'many_total',
        help: 'x'.repeat(200),
        type: 'counter',
        unit: '',
        metrics: Array.from({ length: 600 }, (_, i) => ({ labels: { series: `s${i}` }, value: i })),
      },
    ],
    proto: [
      {
        name: 'many_total',
        help: 'x'.repeat(200),
        metric: Array.from({ length: 600 }, (_, i) => ({
          label: [{ name: 'series', value: `s${i}` }],
          counter: i === 0 ? {} : { value: i },
        })),
      },
    ],
  },
]

const allModels = cases.flatMap((c) => c.model)

describe('encodeProtobuf and decodeProtobuf', () => {
  it.each(cases)('round-trips $name', ({ model }) => {
    expect(decodeProtobuf(encodeProtobuf(model))).toEqual(model)
  })

  it('round-trips every case in one stream', () => {
    expect(decodeProtobuf(encodeProtobuf(allModels))).toEqual(allModels)
  })

  it('encodes no families as no bytes', () => {
    expect(encodeProtobuf([])).toEqual(new Uint8Array(0))
    expect(decodeProtobuf(new Uint8Array(0))).toEqual([])
  })

  it('returns independent buffers from consecutive calls', () => {
    const first = encodeProtobuf(cases[0]?.model ?? [])
    const copy = Uint8Array.from(first)
    encodeProtobuf(cases[1]?.model ?? [])
    expect(first).toEqual(copy)
  })

  it.each<[string, MetricFamily, RegExp]>([
    [
      'a counter without value',
      { name: 'c_total', help: '', type: 'counter', unit: '', metrics: [{ labels: {} }] },
      /"c_total": a metric has no value/,
    ],
    [
      'a histogram without histogram',
      { name: 'h', help: '', type: 'histogram', unit: '', metrics: [{ labels: {}, value: 1 }] },
      /no histogram value/,
    ],
    [
      'a summary without summary',
      { name: 's', help: '', type: 'summary', unit: '', metrics: [{ labels: {} }] },
      /no summary value/,
    ],
    [
      'a summary with a fractional count',
      {
        name: 's',
        help: '',
        type: 'summary',
        unit: '',
        metrics: [{ labels: {}, summary: { count: 1.5, sum: 1, quantiles: [] } }],
      },
      /summary count 1.5 is not a non-negative integer/,
    ],
    [
      'native spans that miss a bucket',
      {
        name: 'n',
        help: '',
        type: 'histogram',
        unit: '',
        metrics: [
          {
            labels: {},
            histogram: {
              count: 3,
              sum: 1,
              buckets: [],
              native: {
                schema: 0,
                zeroThreshold: 0,
                zeroCount: 0,
                count: 3,
                sum: 1,
                negativeSpans: [],
                negativeBuckets: [],
                positiveSpans: [{ offset: 0, length: 1 }],
                positiveBuckets: [1, 2],
              },
            },
          },
        ],
      },
      /positive spans cover 1 buckets but 2 counts are given/,
    ],
    [
      'a custom-bucket native histogram',
      {
        name: 'nhcb',
        help: '',
        type: 'histogram',
        unit: '',
        metrics: [
          {
            labels: {},
            histogram: {
              count: 1,
              sum: 1,
              buckets: [],
              native: {
                schema: -53,
                zeroThreshold: 0,
                zeroCount: 0,
                count: 1,
                sum: 1,
                negativeSpans: [],
                negativeBuckets: [],
                positiveSpans: [{ offset: 0, length: 1 }],
                positiveBuckets: [1],
                customValues: [0.5],
              },
            },
          },
        ],
      },
      /schema -53/,
    ],
  ])('rejects %s with ERR_ENCODE', (_name, family, message) => {
    expect(() => encodeProtobuf([family])).toThrow(
      expect.objectContaining({ code: 'ERR_ENCODE', message: expect.stringMatching(message) }),
    )
  })
})

// The oracle: Prometheus's own schema, read by an independent protobuf implementation.
const protoPath = fileURLToPath(
  new URL('../../../../../shared/conformance/proto/io/prometheus/client/metrics.proto', import.meta.url),
)
const haveSchema = existsSync(protoPath)
const requireSchema = process.env.CI === 'true'

function loadMetricFamilyType(): protobuf.Type {
  // protobufjs has no gogoproto; its options only steer Go code generation, so drop them.
  const text = readFileSync(protoPath, 'utf8')
    .replace(/^import "gogoproto\/gogo.proto";$/m, '')
    .replace(/\s*\[\(gogoproto\.\w+\) = \w+\]/g, '')
  const root = new protobuf.Root()
  const timestamp = protobuf.common.get('google/protobuf/timestamp.proto')
  if (timestamp?.nested === undefined) throw new Error('protobufjs lacks google/protobuf/timestamp.proto')
  root.addJSON(timestamp.nested)
  protobuf.parse(text, root, { keepCase: true })
  root.resolveAll()
  return root.lookupType('io.prometheus.client.MetricFamily')
}

function decodeWithOracle(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown>[] {
  const reader = protobuf.Reader.create(bytes)
  const out: Record<string, unknown>[] = []
  while (reader.pos < reader.len)
    out.push(type.toObject(type.decodeDelimited(reader), { longs: Number, defaults: false }))
  return out
}

function encodeWithOracle(type: protobuf.Type, objects: Record<string, unknown>[]): Uint8Array {
  const writer = protobuf.Writer.create()
  for (const o of objects) {
    const message = type.fromObject(o)
    const problem = type.verify(message)
    if (problem !== null) throw new Error(`fixture does not fit metrics.proto: ${problem}`)
    type.encodeDelimited(message, writer)
  }
  return writer.finish()
}

if (!haveSchema && !requireSchema) {
  console.warn(`protobuf oracle tests skipped: ${protoPath} is missing (they fail instead when CI=true)`)
}
if (!haveSchema && requireSchema) {
  it('has the metrics.proto oracle schema in CI', () => {
    expect.fail(`missing ${protoPath}: the protobuf oracle tests cannot run`)
  })
}

describe.skipIf(!haveSchema)(
  haveSchema ? 'oracle: metrics.proto through protobufjs' : `oracle skipped: ${protoPath} is missing`,
  () => {
    const type = haveSchema ? loadMetricFamilyType() : undefined

    it.each(cases)('protobufjs decodes our encoding of $name field by field', ({ model, proto }) => {
      expect(decodeWithOracle(type as protobuf.Type, encodeProtobuf(model))).toEqual(proto)
    })

    it.each(cases)('we decode the protobufjs encoding of $name', ({ model, proto }) => {
      expect(decodeProtobuf(encodeWithOracle(type as protobuf.Type, proto))).toEqual(model)
    })

    it.each<[string, MetricFamily, Record<string, unknown>]>([
      [
        'info as a gauge named <name>_info',
        {
          name: 'build',
          help: 'Build.',
          type: 'info',
          unit: '',
          metrics: [{ labels: { version: '1.2' }, value: 1 }],
        },
        {
          name: 'build_info',
          help: 'Build.',
          type: 1,
          metric: [{ label: [{ name: 'version', value: '1.2' }], gauge: { value: 1 } }],
        },
      ],
      [
        'stateset as a gauge',
        {
          name: 'feature',
          help: '',
          type: 'stateset',
          unit: '',
          metrics: [
            { labels: { feature: 'a' }, value: 1 },
            { labels: { feature: 'b' }, value: 0 },
          ],
        },
        {
          name: 'feature',
          type: 1,
          metric: [
            { label: [{ name: 'feature', value: 'a' }], gauge: { value: 1 } },
            { label: [{ name: 'feature', value: 'b' }], gauge: {} },
          ],
        },
      ],
    ])('encodes %s', (_name, family, proto) => {
      expect(decodeWithOracle(type as protobuf.Type, encodeProtobuf([family]))).toEqual([proto])
    })
  },
)
