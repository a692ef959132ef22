import { CorruptChunkError } from '../errors.js'
import { BitReader } from './bit-reader.js'
import { floatFromBits } from './float-bits.js'
import { ValueType } from './value-type.js'
import { XorValueState } from './xor-value.js'

/**
 * Decodes an XOR chunk sample by sample. Reusable through `reset()` and allocation-free per sample:
 * `atT()`/`atF()` read fields. Not safe for concurrent use.
 */
export class XorIterator {
  private readonly r = new BitReader()
  private readonly value = new XorValueState()
  private numTotal = 0
  private numRead = 0
  private t = 0
  private v = 0
  private tDelta = 0
  private error: Error | undefined

  /** Points the iterator at a chunk's bytes `bytes[start, end)` (header included). */
  reset(bytes: Uint8Array, start = 0, end = bytes.length): this {
    this.error = undefined
    this.numRead = 0
    this.t = 0
    this.v = 0
    this.tDelta = 0
    this.value.reset(0)
    if (end - start < 2) {
      this.numTotal = 0
      this.error = new CorruptChunkError('XOR', 'shorter than its 2-byte header')
      return this
    }
    this.numTotal = ((bytes[start] as number) << 8) | (bytes[start + 1] as number)
    this.r.reset(bytes, start + 2, end)
    return this
  }

  /** Advances to the next sample. */
  next(): ValueType {
    if (this.numRead === this.numTotal || this.error !== undefined) return ValueType.None
    const r = this.r
    if (this.numRead === 0) {
      const u = readUvarintBits(r)
      this.t = u % 2 === 0 ? u / 2 : -(u + 1) / 2
      r.readBits64(64)
      this.value.hi = r.hi
      this.value.lo = r.lo
    } else if (this.numRead === 1) {
      this.tDelta = readUvarintBits(r)
      this.t += this.tDelta
      if (!this.value.read(r)) return this.fail('invalid value bits')
    } else {
      let dod = 0
      // Count up to four leading 1 bits: 0 → dod 0, then 14, 17, 20 or 64 bits follow.
      let ones = 0
      while (ones < 4 && r.readBit() === 1) ones++
      if (ones > 0) {
        const sz = DOD_WIDTHS[ones] as number
        if (sz === 64) {
          dod = r.readSigned64()
        } else {
          dod = r.readBits(sz)
          if (dod > 1 << (sz - 1)) dod -= 1 << sz
        }
      }
      this.tDelta += dod
      this.t += this.tDelta
      if (!this.value.read(r)) return this.fail('invalid value bits')
    }
    if (r.overflow) return this.fail(`truncated after ${this.numRead} of ${this.numTotal} samples`)
    this.v = floatFromBits(this.value.hi, this.value.lo)
    this.numRead++
    return ValueType.Float
  }

  /** Advances to the first sample at or after `t`; never moves backwards. */
  seek(t: number): ValueType {
    if (this.error !== undefined) return ValueType.None
    while (this.numRead === 0 || this.t < t) {
      if (this.next() === ValueType.None) return ValueType.None
    }
    return ValueType.Float
  }

  /** Timestamp of the current sample. */
  atT(): number {
    return this.t
  }

  /** Value of the current sample; NaN payloads such as the stale marker are preserved. */
  atF(): number {
    return this.v
  }

  /** Why iteration stopped early, if it did. */
  err(): Error | undefined {
    return this.error
  }

  private fail(reason: string): ValueType {
    this.error = new CorruptChunkError('XOR', reason)
    return ValueType.None
  }
}

const DOD_WIDTHS = [0, 14, 17, 20, 64] as const

function readUvarintBits(r: BitReader): number {
  let result = 0
  let mul = 1
  for (let i = 0; i < 10; i++) {
    const b = r.readBits(8)
    result += (b & 0x7f) * mul
    if (b < 0x80) return result
    mul *= 128
  }
  r.overflow = true
  return 0
}
