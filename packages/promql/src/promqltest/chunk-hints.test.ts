import type { CounterResetHint, NativeHistogram } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { ChunkHintTracker } from './chunk-hints.js'

function h(count: number, fields: Partial<NativeHistogram> = {}): NativeHistogram {
  return {
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    count,
    sum: count,
    positiveSpans: [{ offset: 0, length: 1 }],
    positiveBuckets: [count],
    negativeSpans: [],
    negativeBuckets: [],
    ...fields,
  }
}

describe('ChunkHintTracker', () => {
  it.each<[string, (NativeHistogram | 'float')[], (CounterResetHint | undefined)[]]>([
    ['later samples of a chunk are no resets', [h(1), h(2), h(3)], ['unknown', 'not-reset', 'not-reset']],
    ['a detected reset starts a chunk', [h(3), h(1), h(2)], ['unknown', 'unknown', 'not-reset']],
    [
      'an explicit reset hint starts a chunk',
      [h(1), h(2, { counterResetHint: 'reset' })],
      ['unknown', 'unknown'],
    ],
    ['a schema change starts a chunk', [h(1), h(2, { schema: 1 })], ['unknown', 'unknown']],
    ['a float in between starts a chunk', [h(1), 'float', h(2)], ['unknown', undefined, 'unknown']],
    [
      'gauges stay gauges',
      [h(1, { counterResetHint: 'gauge' }), h(0, { counterResetHint: 'gauge' })],
      ['gauge', 'gauge'],
    ],
    [
      'a written not-reset hint does not hide a reset',
      [h(3), h(1, { counterResetHint: 'not-reset' })],
      ['unknown', 'unknown'],
    ],
  ])('%s', (_name, samples, want) => {
    const tracker = new ChunkHintTracker()
    const got = samples.map((s) => {
      if (s === 'float') {
        tracker.float()
        return undefined
      }
      return tracker.histogram(s).counterResetHint
    })
    expect(got).toEqual(want)
  })
})
