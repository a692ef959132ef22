import {
  encodeProtobuf,
  formatText,
  parseOpenMetrics,
  parseText,
  WatchfireError,
  type MetricFamily,
} from '@watchfire/model'
import { openMetricsSeeds } from './conformance-seeds.js'

/** Tokens of the text and OpenMetrics formats, inserted by the mutators to reach deeper parser states. */
export const EXPOSITION_DICTIONARY: readonly string[] = [
  '# HELP ',
  '# TYPE ',
  '# UNIT ',
  '# EOF\n',
  '# EOF',
  ' # {',
  '} ',
  '{',
  '}',
  '="',
  '"',
  '",',
  '\\',
  '\\n',
  '\\"',
  '\n',
  '\r\n',
  ' ',
  '\t',
  ',',
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
  'untyped',
  '_total',
  '_created',
  '_bucket',
  '_sum',
  '_count',
  '_gsum',
  '_gcount',
  '_info',
  'le="',
  'le="+Inf"',
  'quantile="',
  'NaN',
  '+Inf',
  '-Inf',
  'Inf',
  '1e308',
  '1e309',
  '-0',
  '0x1p3',
  '1.5e-3',
  '9007199254740993',
  '99999999999999999999999',
  '-1',
  '1_000',
  '__name__',
  'ö',
  '\u{1F600}',
  '\u0000',
  '\uFFFD',
]

function tryParse(parse: () => MetricFamily[]): MetricFamily[] | undefined {
  try {
    return parse()
  } catch (err) {
    if (err instanceof WatchfireError) return undefined
    throw err
  }
}

function tryEncode(families: readonly MetricFamily[]): Uint8Array | undefined {
  try {
    return encodeProtobuf(families)
  } catch (err) {
    if (err instanceof WatchfireError) return undefined
    throw err
  }
}

/** Seeds of every exposition format, derived from the OpenMetrics conformance payloads. */
export interface ExpositionSeeds {
  /** The OpenMetrics payloads as they are, good and bad. */
  openMetrics: string[]
  /** Text-format payloads: the OpenMetrics payloads plus text-format renderings of those that parse. */
  text: string[]
  /** Delimited protobuf encodings of every payload that parses. */
  protobuf: Uint8Array[]
}

let cached: ExpositionSeeds | undefined

/** Loads (once per file) the exposition seeds. */
export function expositionSeeds(): ExpositionSeeds {
  if (cached !== undefined) return cached
  const openMetrics = openMetricsSeeds()
  const text = [...openMetrics]
  const protobuf: Uint8Array[] = []
  for (const payload of openMetrics) {
    const families = tryParse(() => parseOpenMetrics(payload)) ?? tryParse(() => parseText(payload))
    if (families === undefined) continue
    text.push(formatText(families))
    const bytes = tryEncode(families)
    if (bytes !== undefined && bytes.length > 0) protobuf.push(bytes)
  }
  cached = { openMetrics, text, protobuf }
  return cached
}
