import { InvalidBlockInputError } from '../errors.js'
import { BitWriter } from './bit-writer.js'
import { floatHi, lastFloatLo } from './float-bits.js'
import { XorValueState } from './xor-value.js'

/** A 120-sample chunk of changing values takes 100–200 bytes: start there (as Go does) rather than regrow. */
const INITIAL_CAPACITY_BYTES = 128

/** Most samples one chunk can count in its 16-bit header. */
export const MAX_SAMPLES_PER_CHUNK = 0xffff

/**
 * Builds one XOR (Gorilla) float chunk, byte-identical to Prometheus's xorAppender: a 2-byte sample
 * count, the first timestamp as a varint and value as 64 raw bits, the second timestamp as a uvarint
 * delta, then delta-of-delta timestamps in 1/16/20/24/68-bit classes and XORed values.
 * How many samples go in a chunk (Prometheus: 120) is the caller's policy.
 */
export class XorChunkEncoder {
  private w = new BitWriter(2, INITIAL_CAPACITY_BYTES)
  private readonly value = new XorValueState()
  private num = 0
  private t = 0
  private tDelta = 0

  constructor() {
    this.value.reset(0xff)
  }

  /** Samples appended so far. */
  get numSamples(): number {
    return this.num
  }

  /** Timestamp of the last sample appended. */
  get lastT(): number {
    return this.t
  }

  /** Current encoded size in bytes, header included. */
  get sizeBytes(): number {
    return this.w.byteLength()
  }

  /** Starts a new, empty chunk. */
  reset(): void {
    this.w = new BitWriter(2, INITIAL_CAPACITY_BYTES)
    this.value.reset(0xff)
    this.num = 0
    this.t = 0
    this.tDelta = 0
  }

  /** Appends a sample; timestamps must increase strictly. */
  append(t: number, v: number): void {
    this.appendBits(t, floatHi(v), lastFloatLo())
  }

  /** Appends a sample given as the two halves of its value's bits (`hi:lo`, as floatHi/lastFloatLo give them). */
  appendBits(t: number, hi: number, lo: number): void {
    const num = this.num
    if (num >= MAX_SAMPLES_PER_CHUNK)
      throw new InvalidBlockInputError('cannot append to XOR chunk (it is full)')
    if (num > 0 && t <= this.t) {
      throw new InvalidBlockInputError(
        `cannot append sample at ${t} to XOR chunk (last sample is at ${this.t})`,
      )
    }
    const w = this.w
    if (num === 0) {
      writeUvarintBits(w, t >= 0 ? t * 2 : -t * 2 - 1)
      w.writeBits64(hi, lo, 64)
      this.value.hi = hi
      this.value.lo = lo
    } else if (num === 1) {
      this.tDelta = t - this.t
      writeUvarintBits(w, this.tDelta)
      this.value.write(w, hi, lo)
    } else {
      const delta = t - this.t
      const dod = delta - this.tDelta
      this.tDelta = delta
      if (dod === 0) {
        w.writeBit(0)
      } else if (dod >= -8191 && dod <= 8192) {
        w.writeBits(0b10, 2)
        w.writeBits(dod & 0x3fff, 14)
      } else if (dod >= -65535 && dod <= 65536) {
        w.writeBits(0b110, 3)
        w.writeBits(dod & 0x1ffff, 17)
      } else if (dod >= -524287 && dod <= 524288) {
        w.writeBits(0b1110, 4)
        w.writeBits(dod & 0xfffff, 20)
      } else {
        w.writeBits(0b1111, 4)
        w.writeSigned64(dod, 64)
      }
      this.value.write(w, hi, lo)
    }
    this.t = t
    this.num = num + 1
  }

  /** The chunk's bytes (a copy; the encoder may keep appending afterwards). */
  bytes(): Uint8Array {
    const out = this.w.finish()
    out[0] = this.num >>> 8
    out[1] = this.num & 0xff
    return out
  }
}

function writeUvarintBits(w: BitWriter, n: number): void {
  while (n >= 0x80) {
    w.writeBits((n & 0x7f) | 0x80, 8)
    n = n > 0xffffffff ? Math.floor(n / 128) : n >>> 7
  }
  w.writeBits(n, 8)
}
