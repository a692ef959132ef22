import { describe, expect, it } from 'vitest'
import { isStaleNaN } from '@watchfire/storage'
import { ScriptSyntaxError } from './script-error.js'
import { expandValues, parseSeriesLine, type SequenceValue } from './series-line.js'

const show = (values: SequenceValue[]): string =>
  values
    .map((v) =>
      v.kind === 'float'
        ? String(v.v)
        : v.kind === 'omitted'
          ? '_'
          : v.kind === 'stale'
            ? 'stale'
            : `h${v.h.count}`,
    )
    .join(' ')

describe('value sequences', () => {
  it.each([
    ['1', '1'],
    ['-2+4x3', '-2 2 6 10'],
    ['1-2x4', '1 -1 -3 -5 -7'],
    ['1x4', '1 1 1 1 1'],
    ['-1x3', '-1 -1 -1 -1'],
    ['1 _x3 stale', '1 _ _ _ stale'],
    ['_ _x2', '_ _ _'],
    ['0+10x3', '0 10 20 30'],
    ['.5 1e3 1.2E-3 1_000 +3', '0.5 1000 0.0012 1000 3'],
    ['Inf -inf +Inf NaN nan', 'Infinity -Infinity Infinity NaN NaN'],
    ['0x2', '0 0 0'],
    ['0.1+0.1x2', '0.1 0.2 0.30000000000000004'],
    ['{{count:1}}x2', 'h1 h1 h1'],
    ['{{count:1}}+{{count:2}}x2', 'h1 h3 h5'],
    ['{{count:5}}-{{count:2}}x2', 'h5 h3 h1'],
    ['{{schema:0 sum:1 count:2 buckets:[1 1]}} 3', 'h2 3'],
  ])('%s expands to %s', (text, want) => {
    expect(show(expandValues(text, 1))).toBe(want)
  })

  it.each([
    '1 + 1x10',
    'stalex3',
    '1a',
    '1+1',
    'stale+1x2',
    '{{count:1',
    '{{ count:1}}',
    '{{count:1 count:2}}',
    '{{bogus:1}}',
  ])('rejects %j', (text) => {
    expect(() => expandValues(text, 7)).toThrow(ScriptSyntaxError)
    expect(() => expandValues(text, 7)).toThrow(/line 7/)
  })

  it('parses histogram literals into absolute buckets with one span each side', () => {
    const [v] = expandValues(
      '{{schema:1 sum:-3 count:22 z_bucket:2 z_bucket_w:0.001 buckets:[5 0 7] offset:-1 n_buckets:[1 2] n_offset:2 counter_reset_hint:gauge}}',
      1,
    )
    expect(v).toEqual({
      kind: 'histogram',
      hintSpecified: true,
      h: {
        schema: 1,
        sum: -3,
        count: 22,
        zeroCount: 2,
        zeroThreshold: 0.001,
        positiveSpans: [{ offset: -1, length: 3 }],
        positiveBuckets: [5, 0, 7],
        negativeSpans: [{ offset: 2, length: 2 }],
        negativeBuckets: [1, 2],
        counterResetHint: 'gauge',
      },
    })
  })

  it('keeps custom bucket bounds and defaults the hint to unknown, unspecified', () => {
    const [v] = expandValues('{{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]}}', 1)
    expect(v).toMatchObject({
      hintSpecified: false,
      h: { schema: -53, customValues: [5, 10], counterResetHint: 'unknown' },
    })
  })

  it('stores stale as a marker the storage recognises later', () => {
    expect(expandValues('stale', 1)).toEqual([{ kind: 'stale' }])
    expect(isStaleNaN(NaN)).toBe(false)
  })
})

describe('series labels', () => {
  it.each([
    ['metric 1', '{__name__="metric"}'],
    ['metric{a="b", c=\'d\',} 1', '{__name__="metric", a="b", c="d"}'],
    ['{a="b"} 1', '{a="b"}'],
    ['{} 1', '{}'],
    ['{"my.metric", a="x\\ny"} 1', '{__name__="my.metric", a="x\\ny"}'],
    ['{"ünïcode label"="v"} 1', '{ünïcode label="v"}'],
    ['sum{by="`raw`"} 1', '{__name__="sum", by="`raw`"}'],
    ['offset 1', '{__name__="offset"}'],
    ['m{a=`r\\n`} 1', '{__name__="m", a="r\\\\n"}'],
    ['m{a="}"} 1', '{__name__="m", a="}"}'],
  ])('%s', (text, want) => {
    expect(parseSeriesLine(text, 1).labels.toString()).toBe(want)
  })

  it.each(['m{a=b} 1', 'm{a="b" 1', 'm{=~"x"} 1', 'm{a!="b"} 1'])('rejects %j', (text) => {
    expect(() => parseSeriesLine(text, 3)).toThrow(/line 3/)
  })
})
