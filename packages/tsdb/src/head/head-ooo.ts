import { ValueType } from '../chunkenc/value-type.js'
import { XorChunkEncoder } from '../chunkenc/xor-chunk.js'
import { XorIterator } from '../chunkenc/xor-iterator.js'

// Out-of-order samples (DBOptions.outOfOrderTimeWindowMs) are rare by nature, so they take the
// simple road: the one chunk a sample belongs in is decoded, the sample inserted in time order and
// the chunk encoded again. Chunks stay sorted and non-overlapping, so queries, compaction and the
// block format need to know nothing about out-of-order data.

const iterator = new XorIterator()

/** The samples of an XOR chunk (`bytes` with its 2-byte header). */
export function decodeXor(bytes: Uint8Array): { ts: number[]; vs: number[] } {
  const ts: number[] = []
  const vs: number[] = []
  iterator.reset(bytes)
  while (iterator.next() === ValueType.Float) {
    ts.push(iterator.atT())
    vs.push(iterator.atF())
  }
  return { ts, vs }
}

/** Index of the sample at `t`, or -1. */
export function indexOfTime(ts: readonly number[], t: number): number {
  let lo = 0
  let hi = ts.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const x = ts[mid] as number
    if (x === t) return mid
    if (x < t) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/** An encoder holding `ts`/`vs` with (t, v) inserted in time order; `t` must not be in `ts`. */
export function encodeWithInserted(
  ts: readonly number[],
  vs: readonly number[],
  t: number,
  v: number,
): XorChunkEncoder {
  const enc = new XorChunkEncoder()
  let done = false
  for (let i = 0; i < ts.length; i++) {
    const ti = ts[i] as number
    if (!done && t < ti) {
      enc.append(t, v)
      done = true
    }
    enc.append(ti, vs[i] as number)
  }
  if (!done) enc.append(t, v)
  return enc
}
