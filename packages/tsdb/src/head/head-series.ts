import type { Labels, NativeHistogram } from '@watchfire/model'
import { encodeHistogramChunks } from '../block/histogram-chunking.js'
import { floatHi, lastFloatLo } from '../chunkenc/float-bits.js'
import { ChunkEncoding } from '../chunkenc/value-type.js'
import { XorChunkEncoder } from '../chunkenc/xor-chunk.js'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import { decodeXor, encodeWithInserted, indexOfTime } from './head-ooo.js'

/** A completed (immutable) head chunk. */
export interface HeadChunk {
  encoding: number
  bytes: Buffer
  minT: number
  maxT: number
  samples: number
}

/** Samples per chunk Prometheus aims for. */
export const SAMPLES_PER_CHUNK = 120

/** End of the chunk range `t` falls in: chunks never cross a block boundary. */
function rangeEnd(t: number, rangeMs: number): number {
  return Math.floor(t / rangeMs) * rangeMs + rangeMs
}

/**
 * Predicts where the open chunk should end so the rest of the range splits into evenly filled
 * chunks (Prometheus's computeChunkEndTime, evaluated once a chunk is a quarter full).
 */
function chunkEndTime(start: number, cur: number, max: number): number {
  const n = Math.trunc((max - start) / ((cur - start + 1) * 4))
  if (n <= 1) return max
  return start + Math.trunc((max - start) / n)
}

// Shared empty runs: most series never hold a histogram, so they do not each carry two arrays.
const NO_HISTOGRAMS: NativeHistogram[] = []
const NO_TIMES: number[] = []

function xorChunk(enc: XorChunkEncoder, minT: number, maxT: number): HeadChunk {
  const b = enc.bytes()
  return {
    encoding: ChunkEncoding.XOR,
    bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    minT,
    maxT,
    samples: enc.numSamples,
  }
}

/**
 * One series in the head: completed chunks plus one open chunk, either an XOR encoder for floats
 * or a run of histograms that is encoded when cut (histogram chunks need the union bucket layout
 * of their samples up front). Owned by the head; appends happen only under commit.
 */
export class HeadSeries {
  readonly ref: number
  readonly labels: Labels
  readonly chunks: HeadChunk[] = []
  /** Open float chunk, if the newest sample is a float. */
  private xor: XorChunkEncoder | undefined
  private xorMinT = 0
  /** Open histogram run, if the newest sample is a histogram. */
  private hts: number[] = NO_TIMES
  private hhs: NativeHistogram[] = NO_HISTOGRAMS
  private nextAt = -Infinity
  private openCache: ChunkBytes[] | undefined
  /** Newest committed sample: time, value bits (float) or histogram. */
  lastT = -Infinity
  lastHi = 0
  lastLo = 0
  lastH: NativeHistogram | undefined
  /** Committed samples still in memory. */
  samples = 0
  /** True once a series record for it reached the WAL. */
  walLogged = false
  /** Appenders that touched the series and have not ended yet; such a series is never collected. */
  pending = 0
  /**
   * The open appender that keeps its batch state for this series in the two fields below (the
   * newest batch time and entry index, -1 before any entry), so a sample costs no Map lookups.
   * Other appenders open at the same time keep theirs on the side.
   */
  appender: object | undefined = undefined
  appenderT = 0
  appenderIndex = -1
  /** Scratch of one synchronous commit: its number when it kept a sample of the series, and that time. */
  commitMark = 0
  commitT = 0

  constructor(ref: number, labels: Labels) {
    this.ref = ref
    this.labels = labels
  }

  /** Oldest sample time in memory, or +Infinity. */
  get minTime(): number {
    const c = this.chunks[0]
    if (c !== undefined) return c.minT
    if (this.xor !== undefined) return this.xorMinT
    return this.hts.length > 0 ? (this.hts[0] as number) : Infinity
  }

  /** Appends a validated float sample (newer than lastT). */
  appendFloat(t: number, v: number, rangeMs: number): void {
    if (this.hts.length > 0) this.cutHistograms()
    let x = this.xor
    if (x !== undefined) {
      const n = x.numSamples
      if (n === SAMPLES_PER_CHUNK / 4) this.nextAt = chunkEndTime(this.xorMinT, x.lastT, this.nextAt)
      if (t >= this.nextAt || n >= SAMPLES_PER_CHUNK * 2) this.cutXor()
    }
    x = this.xor
    if (x === undefined) {
      x = this.xor = new XorChunkEncoder()
      this.xorMinT = t
      this.nextAt = rangeEnd(t, rangeMs)
    }
    x.append(t, v)
    this.lastT = t
    this.lastHi = floatHi(v)
    this.lastLo = lastFloatLo()
    this.lastH = undefined
    this.samples++
    this.openCache = undefined
  }

  /** Appends a validated histogram sample (already copied by the caller). */
  appendHistogram(t: number, h: NativeHistogram, rangeMs: number): void {
    if (this.xor !== undefined) this.cutXor()
    const n = this.hts.length
    if (n > 0) {
      if (n === SAMPLES_PER_CHUNK / 4)
        this.nextAt = chunkEndTime(this.hts[0] as number, this.lastT, this.nextAt)
      if (t >= this.nextAt || n >= SAMPLES_PER_CHUNK) this.cutHistograms()
    }
    if (this.hts.length === 0) {
      this.hts = []
      this.hhs = []
      this.nextAt = rangeEnd(t, rangeMs)
    }
    this.hts.push(t)
    this.hhs.push(h)
    this.lastT = t
    this.lastH = h
    this.samples++
    this.openCache = undefined
  }

  /**
   * Judges a float at `t` older than the newest sample (the out-of-order window): undefined if it
   * can be inserted, 'same' if that exact sample is there, 'duplicate' if another value is, and
   * 'unsupported' if a histogram chunk holds that time.
   */
  oooFloatVerdict(t: number, v: number, rangeMs: number): 'same' | 'duplicate' | 'unsupported' | undefined {
    const at = this.oooTarget(t, rangeMs)
    if (at === undefined) return 'unsupported'
    if (at.create) return undefined
    const { ts, vs } = decodeXor(this.xorBytesAt(at.index))
    const k = indexOfTime(ts, t)
    if (k < 0) return undefined
    const hi = floatHi(vs[k] as number)
    const lo = lastFloatLo()
    return floatHi(v) === hi && lastFloatLo() === lo ? 'same' : 'duplicate'
  }

  /** Inserts a float that passed {@link oooFloatVerdict} into the chunk covering its time. */
  insertFloat(t: number, v: number, rangeMs: number): void {
    const at = this.oooTarget(t, rangeMs)
    if (at === undefined) return
    if (at.create) {
      this.chunks.splice(at.index, 0, xorChunk(encodeWithInserted([], [], t, v), t, t))
    } else {
      const { ts, vs } = decodeXor(this.xorBytesAt(at.index))
      if (indexOfTime(ts, t) >= 0) return
      const enc = encodeWithInserted(ts, vs, t, v)
      const minT = Math.min(ts[0] ?? t, t)
      if (at.index === this.chunks.length) {
        this.xor = enc
        this.xorMinT = minT
      } else {
        this.chunks[at.index] = xorChunk(enc, minT, Math.max(ts[ts.length - 1] ?? t, t))
      }
    }
    this.samples++
    this.openCache = undefined
  }

  /** Bytes of completed chunk `index`, or of the open XOR chunk when `index` is chunks.length. */
  private xorBytesAt(index: number): Uint8Array {
    const c = this.chunks[index]
    if (c !== undefined) return c.bytes
    return (this.xor as XorChunkEncoder).bytes()
  }

  /**
   * Where an out-of-order float at `t` goes: chunk `index` (chunks.length: the open chunk), or a
   * new chunk inserted at `index` when `create`. A chunk is extended only within its block range,
   * so chunks keep never crossing a block boundary. Undefined when a histogram chunk is in the way.
   */
  private oooTarget(t: number, rangeMs: number): { index: number; create: boolean } | undefined {
    const n = this.chunks.length
    const openMin = this.xor !== undefined ? this.xorMinT : (this.hts[0] ?? Infinity)
    if (t >= openMin) return this.xor !== undefined ? { index: n, create: false } : undefined
    const end = rangeEnd(t, rangeMs)
    let i = n - 1
    while (i >= 0 && (this.chunks[i] as HeadChunk).minT > t) i--
    const before = this.chunks[i]
    if (before !== undefined && (before.maxT >= t || rangeEnd(before.minT, rangeMs) === end)) {
      return before.encoding === ChunkEncoding.XOR ? { index: i, create: false } : undefined
    }
    const after = this.chunks[i + 1]
    if (after !== undefined) {
      if (rangeEnd(after.minT, rangeMs) === end) {
        return after.encoding === ChunkEncoding.XOR ? { index: i + 1, create: false } : undefined
      }
    } else if (openMin !== Infinity && rangeEnd(openMin, rangeMs) === end) {
      return this.xor !== undefined ? { index: n, create: false } : undefined
    }
    return { index: i + 1, create: true }
  }

  private cutXor(): void {
    const x = this.xor
    if (x === undefined) return
    const b = x.bytes()
    this.chunks.push({
      encoding: ChunkEncoding.XOR,
      bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      minT: this.xorMinT,
      maxT: x.lastT,
      samples: x.numSamples,
    })
    this.xor = undefined
  }

  private cutHistograms(): void {
    const n = this.hts.length
    if (n === 0) return
    encodeHistogramChunks(this.hts, this.hhs, 0, n, SAMPLES_PER_CHUNK, (b, minT, maxT, k) => {
      this.chunks.push({
        encoding: ChunkEncoding.Histogram,
        bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength),
        minT,
        maxT,
        samples: k,
      })
    })
    this.hts = NO_TIMES
    this.hhs = NO_HISTOGRAMS
  }

  /** The open chunk encoded (cached until the next append). */
  private openChunks(): ChunkBytes[] {
    if (this.openCache !== undefined) return this.openCache
    const out: ChunkBytes[] = []
    if (this.xor !== undefined && this.xor.numSamples > 0) {
      const b = this.xor.bytes()
      const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
      out.push({ encoding: ChunkEncoding.XOR, bytes: buf, start: 0, end: buf.length })
    } else if (this.hts.length > 0) {
      encodeHistogramChunks(this.hts, this.hhs, 0, this.hts.length, SAMPLES_PER_CHUNK, (b) => {
        const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
        out.push({ encoding: ChunkEncoding.Histogram, bytes: buf, start: 0, end: buf.length })
      })
    }
    return (this.openCache = out)
  }

  /** Snapshot of the chunks overlapping [mint, maxt], oldest first; safe to read after later appends. */
  chunksIn(mint: number, maxt: number): ChunkBytes[] {
    const out: ChunkBytes[] = []
    for (const c of this.chunks) {
      if (c.maxT >= mint && c.minT <= maxt) {
        out.push({ encoding: c.encoding, bytes: c.bytes, start: 0, end: c.bytes.length })
      }
    }
    const openMin = this.xor !== undefined ? this.xorMinT : (this.hts[0] ?? Infinity)
    if (openMin <= maxt && this.lastT >= mint) out.push(...this.openChunks())
    return out
  }

  /** True if the series has any sample in [mint, maxt]. */
  overlaps(mint: number, maxt: number): boolean {
    return this.samples > 0 && this.minTime <= maxt && this.lastT >= mint
  }

  /**
   * Drops everything older than `mint` (after it went into a block). Chunks never cross a block
   * boundary, so whole chunks go; the open chunk goes only when all of it is older.
   */
  truncateBefore(mint: number): void {
    let drop = 0
    while (drop < this.chunks.length && (this.chunks[drop] as HeadChunk).maxT < mint) {
      this.samples -= (this.chunks[drop] as HeadChunk).samples
      drop++
    }
    if (drop > 0) this.chunks.splice(0, drop)
    if (this.chunks.length === 0 && this.lastT < mint) {
      this.xor = undefined
      this.hts = NO_TIMES
      this.hhs = NO_HISTOGRAMS
      this.samples = 0
      this.openCache = undefined
    }
  }
}
