import { decodeProtobuf, encodeProtobuf, ParseError, WatchfireError } from '@watchfire/model'
import { describe, expect } from 'vitest'
import { expositionSeeds } from './lib/exposition-seeds.js'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedBytes } from './lib/mutate.js'
import { PROTOBUF_FINDINGS } from './regressions/exposition-findings.js'

/** Byte runs that upset protobuf readers: varint edges, field tags of MetricFamily and Metric, lengths. */
const PROTOBUF_DICTIONARY: readonly Uint8Array[] = [
  [0x00],
  [0x7f],
  [0x80],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0x0a, 0x00],
  [0x0a, 0x7f],
  [0x12, 0x00],
  [0x18, 0x04],
  [0x18, 0x07],
  [0x22, 0x00],
  [0x1a, 0x02, 0x08, 0x01],
  [0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x7f],
  [0x2a, 0x05, 0x08, 0x01, 0x10, 0x02],
  [0x68, 0x7f],
  [0x6a, 0x04, 0x08, 0xff, 0xff, 0x03],
  [0x0b],
  [0x0c],
  [0x0d, 0x00, 0x00, 0x80, 0x7f],
].map((b) => new Uint8Array(b))

const seeds = expositionSeeds()
const input = mutatedBytes(seeds.protobuf, PROTOBUF_DICTIONARY, 8)

describe('protobuf exposition (delimited io.prometheus.client.MetricFamily)', () => {
  fuzzTarget(
    'decodeProtobuf never crashes',
    input,
    (bytes) => {
      guard(() => decodeProtobuf(bytes), [ParseError])
    },
    { ciRuns: 4000, examples: PROTOBUF_FINDINGS },
  )

  // Whatever decodes, encodes; and the encoding decodes to the same families.
  fuzzTarget(
    'decodeProtobuf(encodeProtobuf(families)) equals families',
    input,
    (bytes) => {
      const decoded = guard(() => decodeProtobuf(bytes), [ParseError])
      if (!decoded.ok) return
      const encoded = guard(() => encodeProtobuf(decoded.value), [WatchfireError])
      if (!encoded.ok) return
      expect(decodeProtobuf(encoded.value)).toEqual(decoded.value)
    },
    { ciRuns: 2000, examples: PROTOBUF_FINDINGS },
  )
})
