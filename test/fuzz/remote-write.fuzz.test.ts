import fc from 'fast-check'
import { ParseError, ProtoWriter, WatchfireError, WireType } from '@watchfire/model'
import { decodeWriteRequest } from '@watchfire/server'
import { describe, expect } from 'vitest'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedBytes } from './lib/mutate.js'
import { REMOTE_WRITE_FINDINGS } from './regressions/remote-write-findings.js'

interface SeedSeries {
  labels: Array<[string, string]>
  samples: Array<[number, number]>
  /** Integer-count native histograms: timestamp, schema, positive bucket deltas. */
  histograms: Array<[number, number, number[]]>
}

function field(w: ProtoWriter, n: number, body: () => void): void {
  w.tag(n, WireType.lengthDelimited)
  const at = w.fork()
  body()
  w.join(at)
}

/** Encodes a prometheus.WriteRequest (remote write 1.0) the way senders do, for seeds. */
function encode(series: readonly SeedSeries[], metadata: boolean): Uint8Array {
  const w = new ProtoWriter(1024)
  for (const s of series) {
    field(w, 1, () => {
      for (const [name, value] of s.labels)
        field(w, 1, () => {
          w.stringField(0x0a, name)
          w.stringField(0x12, value)
        })
      for (const [t, v] of s.samples)
        field(w, 2, () => {
          w.doubleField(0x09, v)
          w.tag(2, WireType.varint)
          w.int64(t)
        })
      for (const [t, schema, deltas] of s.histograms)
        field(w, 4, () => {
          const count = deltas.reduce(
            (sum, _, i) => sum + deltas.slice(0, i + 1).reduce((a, b) => a + b, 0),
            0,
          )
          w.tag(1, WireType.varint)
          w.uint64(count)
          w.doubleField(0x19, 1.5)
          w.tag(4, WireType.varint)
          w.sint32(schema)
          field(w, 11, () => {
            w.tag(1, WireType.varint)
            w.sint32(-2)
            w.tag(2, WireType.varint)
            w.uint32(deltas.length)
          })
          field(w, 12, () => {
            for (const d of deltas) w.sint64(d)
          })
          w.tag(15, WireType.varint)
          w.int64(t)
        })
    })
  }
  if (metadata)
    field(w, 3, () => {
      w.tag(1, WireType.varint)
      w.uint32(1)
      w.stringField(0x12, 'up')
      w.stringField(0x22, 'help text')
    })
  return w.finish()
}

const SEEDS: readonly Uint8Array[] = [
  encode(
    [
      {
        labels: [
          ['__name__', 'up'],
          ['job', 'a'],
        ],
        samples: [
          [1000, 1],
          [2000, 0],
        ],
        histograms: [],
      },
    ],
    false,
  ),
  encode(
    [
      {
        labels: [
          ['__name__', 'h'],
          ['le', 'x'],
        ],
        samples: [],
        histograms: [
          [5000, 0, [1, 2, -1]],
          [6000, 3, [4]],
        ],
      },
      {
        labels: [
          ['job', 'ö'],
          ['__name__', 'rate:5m'],
        ],
        samples: [
          [-1, Number.NaN],
          [1e15, 1e308],
        ],
        histograms: [],
      },
    ],
    true,
  ),
  encode([], true),
]

const DICTIONARY: readonly Uint8Array[] = [
  [0x0a, 0x00],
  [0x12, 0x00],
  [0x22, 0x00],
  [0x1a, 0x00],
  [0x80],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x7f],
  [0x10, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0x5a, 0x04, 0x08, 0x01, 0x10, 0x7f],
  [0x62, 0x03, 0x02, 0x04, 0x06],
  [0x70, 0x09],
  [0x0b],
  [0x0d, 0x00, 0x00, 0x00, 0x00],
].map((b) => new Uint8Array(b))

const bodies = fc.oneof(
  { weight: 4, arbitrary: mutatedBytes(SEEDS, DICTIONARY, 8) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
)

describe('remote write 1.0 bodies', () => {
  fuzzTarget(
    'decodeWriteRequest never crashes',
    bodies,
    (bytes) => {
      const decoded = guard(() => decodeWriteRequest(bytes), [ParseError, WatchfireError])
      if (!decoded.ok) return
      // Storage walks buckets by span: spans promising more buckets than the body carries must be refused here.
      for (const { h } of decoded.value.flatMap((s) => s.histograms)) {
        const covered = (spans: readonly { length: number }[]): number =>
          spans.reduce((n, s) => n + s.length, 0)
        expect(covered(h.positiveSpans)).toBe(h.positiveBuckets.length)
        expect(covered(h.negativeSpans)).toBe(h.negativeBuckets.length)
      }
    },
    { ciRuns: 4000, examples: REMOTE_WRITE_FINDINGS },
  )

  // What a sender encodes, the receiver reads back: labels sorted, samples and timestamps exact.
  fuzzTarget(
    'decodeWriteRequest reads what a sender encodes',
    fc.array(
      fc.record({
        labels: fc.uniqueArray(
          fc.tuple(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,6}$/), fc.string({ maxLength: 8 })),
          {
            selector: ([name]) => name,
            maxLength: 5,
          },
        ),
        samples: fc.array(fc.tuple(fc.integer({ min: -1e15, max: 1e15 }), fc.double()), { maxLength: 5 }),
        histograms: fc.constant<SeedSeries['histograms']>([]),
      }),
      { maxLength: 4 },
    ),
    (series) => {
      const decoded = decodeWriteRequest(encode(series, false))
      expect(decoded.map((s) => s.labels.toString())).toEqual(
        series.map((s) => {
          const sorted = s.labels
            .filter(([, v]) => v !== '')
            .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          return `{${sorted.map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(', ')}}`
        }),
      )
      expect(decoded.map((s) => s.timestamps)).toEqual(series.map((s) => s.samples.map(([t]) => t)))
      expect(decoded.map((s) => s.values)).toEqual(series.map((s) => s.samples.map(([, v]) => v)))
    },
    { ciRuns: 1500 },
  )
})
