import { ParseError, ProtoWriter, WireType } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { decodeWriteRequest } from './remote-write-decode.js'

function field(w: ProtoWriter, n: number, body: () => void): void {
  w.tag(n, WireType.lengthDelimited)
  const at = w.fork()
  body()
  w.join(at)
}

/** One series `h` with one integer native histogram: a positive span of `spanLength`, then `deltas`. */
function request(spanLength: number, deltas: readonly number[]): Uint8Array {
  const w = new ProtoWriter(256)
  field(w, 1, () => {
    field(w, 1, () => {
      w.stringField(0x0a, '__name__')
      w.stringField(0x12, 'h')
    })
    field(w, 4, () => {
      w.tag(1, WireType.varint)
      w.uint64(5)
      field(w, 11, () => {
        w.tag(1, WireType.varint)
        w.sint32(0)
        w.tag(2, WireType.varint)
        w.uint32(spanLength)
      })
      if (deltas.length > 0) field(w, 12, () => deltas.forEach((d) => w.sint64(d)))
      w.tag(15, WireType.varint)
      w.int64(1000)
    })
  })
  return w.finish()
}

// Found by the fuzz suite (test/fuzz): histograms whose spans promise more (or fewer) buckets than
// the body carries were passed on to storage, which walks buckets by span; a span of length 2^32-1
// with no buckets costs a few bytes to send. Prometheus refuses such histograms too.
describe('decodeWriteRequest native histogram spans (fuzz finding)', () => {
  it.each([
    [3, [1, 1], 'histogram positive spans cover 3 buckets but 2 are given'],
    [0, [1, 2, -1], 'histogram positive spans cover 0 buckets but 3 are given'],
    [0xffffffff, [], 'histogram positive spans cover 4294967295 buckets but 0 are given'],
  ])('refuses a span of %d with deltas %j', (spanLength, deltas, message) => {
    let caught: unknown
    try {
      decodeWriteRequest(request(spanLength, deltas))
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ParseError)
    expect((caught as ParseError).message).toContain(message)
  })

  it('accepts spans that cover their buckets', () => {
    const [series] = decodeWriteRequest(request(3, [1, 1, -1]))
    expect(series?.histograms[0]?.h.positiveBuckets).toEqual([1, 2, 1])
  })
})
