import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { xxhash64 } from './kernels/xxhash64.js'
import { labelsHash, ratioSampleOffset } from './ratio-sampler.js'

describe('labelsHash', () => {
  it.each([
    [{}, ''],
    [{ __name__: 'up' }, '__name__\xffup\xff'],
    [{ b: '2', a: 'ä' }, 'a\xffä\xffb\xff2\xff'],
  ])('hashes %j like Prometheus (sorted name, 0xff, value, 0xff)', (record, layout) => {
    // The layout's \xff stands for the raw separator byte, not the UTF-8 encoding of U+00FF.
    const bytes = layout
      .split('\xff')
      .flatMap((part, i, all) => [...new TextEncoder().encode(part), ...(i < all.length - 1 ? [0xff] : [])])
    expect(labelsHash(Labels.fromRecord(record))).toBe(xxhash64(new Uint8Array(bytes)))
  })

  it('maps series into [0, 1]', () => {
    const offset = ratioSampleOffset(Labels.fromRecord({ __name__: 'up', job: 'x' }))
    expect(offset).toBeGreaterThanOrEqual(0)
    expect(offset).toBeLessThanOrEqual(1)
  })
})
