import { WatchfireError } from '../errors.js'
import type { MetricFamily } from '../metric-family.js'
import type { ExpositionFormat } from './negotiate.js'
import { formatOpenMetrics } from './openmetrics-format.js'
import { encodeProtobuf } from './protobuf-encode.js'
import { formatText } from './text-format.js'

/** Serializes metric families as delimited protobuf bytes. */
export function serialize(families: readonly MetricFamily[], format: 'protobuf'): Uint8Array
/** Serializes metric families as text 0.0.4 or OpenMetrics 1.0.0. */
export function serialize(families: readonly MetricFamily[], format: 'text' | 'openmetrics'): string
/**
 * Serializes metric families in `format`, typically the result of `negotiateFormat`: a string for the text
 * formats, bytes for protobuf. Pair it with `contentTypeFor(format)` for the Content-Type header.
 */
export function serialize(families: readonly MetricFamily[], format: ExpositionFormat): string | Uint8Array
export function serialize(families: readonly MetricFamily[], format: ExpositionFormat): string | Uint8Array {
  switch (format) {
    case 'text':
      return formatText(families)
    case 'openmetrics':
      return formatOpenMetrics(families)
    case 'protobuf':
      return encodeProtobuf(families)
    default:
      throw new WatchfireError(
        'ERR_CONTENT_TYPE',
        `cannot serialize metrics (unknown exposition format "${String(format satisfies never)}")`,
      )
  }
}
