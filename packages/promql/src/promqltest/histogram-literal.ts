import type { CounterResetHint, NativeHistogram } from '@watchfire/model'
import { parseSignedNumber } from './signed-number.js'
import { ScriptSyntaxError } from './script-error.js'

/** A parsed `{{…}}` literal; `hintSpecified` says whether `counter_reset_hint` was written out. */
export interface HistogramLiteral {
  h: NativeHistogram
  hintSpecified: boolean
}

const HINTS: Readonly<Record<string, CounterResetHint>> = {
  unknown: 'unknown',
  reset: 'reset',
  not_reset: 'not-reset',
  gauge: 'gauge',
}

const LIST_KEYS = new Set(['buckets', 'n_buckets', 'custom_values'])

/**
 * Parses the inside of a `{{…}}` literal (without the braces): space-separated `key:value` pairs,
 * keys case-insensitive and unique, bucket lists as absolute counts forming one span at `offset`.
 */
export function parseHistogramLiteral(body: string, line: number): HistogramLiteral {
  const fail = (why: string): never => {
    throw new ScriptSyntaxError(`cannot parse histogram {{${body}}} (${why})`, line)
  }
  if (body.startsWith(' ')) fail('space after {{')
  const fields = new Map<string, string>()
  const re = /\s*([A-Za-z_]+):\s*(\[[^\]]*\]|\S+)/y
  let pos = 0
  while (pos < body.trimEnd().length) {
    re.lastIndex = pos
    const m = re.exec(body)
    if (m === null) return fail(`unexpected text ${JSON.stringify(body.slice(pos).trim())}`)
    const key = (m[1] as string).toLowerCase()
    if (fields.has(key)) fail(`duplicate key ${key}`)
    fields.set(key, m[2] as string)
    pos = re.lastIndex
  }
  const num = (key: string): number => {
    const text = fields.get(key)
    if (text === undefined) return 0
    if (text.startsWith('[')) fail(`${key} takes a number`)
    try {
      return parseSignedNumber(text)
    } catch {
      return fail(`bad number ${JSON.stringify(text)} for ${key}`)
    }
  }
  const list = (key: string): number[] => {
    const text = fields.get(key)
    if (text === undefined) return []
    if (!text.startsWith('[')) fail(`${key} takes a list`)
    return text
      .slice(1, -1)
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map((s) => {
        try {
          return parseSignedNumber(s)
        } catch {
          return fail(`bad number ${JSON.stringify(s)} in ${key}`)
        }
      })
  }
  for (const key of fields.keys()) {
    if (
      !LIST_KEYS.has(key) &&
      ![
        'schema',
        'sum',
        'count',
        'z_bucket',
        'z_bucket_w',
        'offset',
        'n_offset',
        'counter_reset_hint',
      ].includes(key)
    ) {
      fail(`unknown key ${key}`)
    }
  }
  const hintText = fields.get('counter_reset_hint')
  const hint = hintText === undefined ? 'unknown' : HINTS[hintText]
  if (hint === undefined) fail(`unknown counter_reset_hint ${hintText}`)
  const positive = list('buckets')
  const negative = list('n_buckets')
  const h: NativeHistogram = {
    schema: num('schema'),
    zeroThreshold: num('z_bucket_w'),
    zeroCount: num('z_bucket'),
    count: num('count'),
    sum: num('sum'),
    positiveSpans: positive.length > 0 ? [{ offset: num('offset'), length: positive.length }] : [],
    positiveBuckets: positive,
    negativeSpans: negative.length > 0 ? [{ offset: num('n_offset'), length: negative.length }] : [],
    negativeBuckets: negative,
    counterResetHint: hint as CounterResetHint,
  }
  if (fields.has('custom_values') || h.schema === -53) h.customValues = list('custom_values')
  return { h, hintSpecified: hintText !== undefined }
}
