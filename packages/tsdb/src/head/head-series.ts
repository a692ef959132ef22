import { copyHistogram } from '@watchfire/model'
import type { Labels, NativeHistogram } from '@watchfire/model'
import { encodeHistogramChunks } from '../block/histogram-chunking.js'
import { floatHi, lastFloatLo } from '../chunkenc/float-bits.js'
import { BlockSeriesIterator } from '../block/series-iterator.js'
import { ChunkEncoding, ValueType } from '../chunkenc/value-type.js'
import { XorChunkEncoder } from '../chunkenc/xor-chunk.js'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import type { HeadChunkStore } from '../chunks/head-chunk-store.js'
import { decodeXor, encodeWithInserted, indexOfTime } from './head-ooo.js'

/** Numbers per full chunk in {@link HeadSeries}' chunk list: store key, minT, maxT, samples × 256 + encoding. */
const STRIDE = 4

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
// Shared until the first chunk is cut; never mutated.
const NO_CHUNKS: number[] = []
const NO_CHUNK_BYTES: readonly ChunkBytes[] = []

/** An encoder holding one sample. */
function loneChunk(t: number, hi: number, lo: number): XorChunkEncoder {
  const x = new XorChunkEncoder()
  x.appendBits(t, hi, lo)
  return x
}

/**
 * One series in the head: full chunks plus one open chunk, either an XOR encoder for floats or a
 * run of histograms that is encoded when cut (histogram chunks need the union bucket layout of
 * their samples up front). Full chunks go to the head's chunk store (files on disk in a DB) as they
 * are cut; the series keeps only a small record of each, in one flat array of doubles, so a long
 * lived series costs the heap about 32 bytes per full chunk. Owned by the head; appends happen
 * only under commit.
 */
export class HeadSeries {
  readonly ref: number
  readonly labels: Labels
  /** Full chunks, oldest first, {@link STRIDE} numbers each. */
  private cm: number[] = NO_CHUNKS
  /** Open float chunk, if the newest sample is a float (and {@link lone} is false). */
  private xor: XorChunkEncoder | undefined
  /**
   * True while the open float chunk holds a single sample, kept only as lastT/lastHi/lastLo: the
   * encoder is built when a second sample arrives, so a wave of new series (a first scrape of many
   * targets) costs no encoder, bit stream or chunk buffer per series.
   */
  private lone = false
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
   * The open appender that keeps its batch state for this series in the field below (the index of
   * the series' newest entry in its batch, -1 before any), so a sample costs no Map lookups. Other
   * appenders open at the same time keep theirs on the side.
   */
  appender: object | undefined = undefined
  appenderIndex = -1
  /**
   * Scratch of one synchronous commit: its number when it kept a sample of the series, and that
   * entry's index in the batch. Indexes, not times: a time field would cost every series a boxed number.
   */
  commitMark = 0
  commitIndex = 0

  constructor(ref: number, labels: Labels) {
    this.ref = ref
    this.labels = labels
  }

  /** Number of full chunks. */
  get numChunks(): number {
    return this.cm.length / STRIDE
  }

  /** Chunks as prometheus_tsdb_head_chunks counts them: the full ones, plus one open while it holds samples. */
  get chunkCount(): number {
    return this.cm.length / STRIDE + (this.samples > 0 ? 1 : 0)
  }

  /** The full chunks' records, oldest first (for inspection: it allocates). */
  fullChunks(): { key: number; minT: number; maxT: number; samples: number; encoding: number }[] {
    return Array.from({ length: this.numChunks }, (_, i) => ({
      key: this.cm[i * STRIDE] as number,
      minT: this.minTOf(i),
      maxT: this.maxTOf(i),
      samples: this.samplesOf(i),
      encoding: this.encodingOf(i),
    }))
  }

  /** Oldest sample time in the head, or +Infinity. */
  get minTime(): number {
    if (this.cm.length > 0) return this.cm[1] as number
    if (this.xor !== undefined || this.lone) return this.xorMinT
    return this.hts.length > 0 ? (this.hts[0] as number) : Infinity
  }

  private minTOf(i: number): number {
    return this.cm[i * STRIDE + 1] as number
  }

  private maxTOf(i: number): number {
    return this.cm[i * STRIDE + 2] as number
  }

  private encodingOf(i: number): number {
    return (this.cm[i * STRIDE + 3] as number) & 0xff
  }

  private samplesOf(i: number): number {
    return Math.floor((this.cm[i * STRIDE + 3] as number) / 256)
  }

  /** Records a full chunk at chunk index `i`, replacing `replace` records there. */
  private setChunk(
    i: number,
    replace: number,
    key: number,
    minT: number,
    maxT: number,
    n: number,
    enc: number,
  ): void {
    // Copied at the exact new length: push() would leave a series room for a dozen more chunks.
    if (replace === 0 && i === this.numChunks) this.cm = this.cm.concat(key, minT, maxT, n * 256 + enc)
    else {
      const next = this.cm.slice()
      next.splice(i * STRIDE, replace * STRIDE, key, minT, maxT, n * 256 + enc)
      this.cm = next
    }
  }

  /** Appends a validated float sample (newer than lastT). */
  appendFloat(t: number, v: number, rangeMs: number, store: HeadChunkStore): void {
    if (this.hts.length > 0) this.cutHistograms(store)
    const x = this.lone ? this.encodeLone() : this.xor
    if (x !== undefined) {
      const n = x.numSamples
      if (n === SAMPLES_PER_CHUNK / 4) this.nextAt = chunkEndTime(this.xorMinT, x.lastT, this.nextAt)
      if (t >= this.nextAt || n >= SAMPLES_PER_CHUNK * 2) this.cutXor(store)
    }
    const hi = floatHi(v)
    const lo = lastFloatLo()
    if (this.xor === undefined) {
      this.lone = true
      this.xorMinT = t
      this.nextAt = rangeEnd(t, rangeMs)
    } else {
      this.xor.appendBits(t, hi, lo)
    }
    this.lastT = t
    this.lastHi = hi
    this.lastLo = lo
    this.lastH = undefined
    this.samples++
    this.openCache = undefined
  }

  /** Appends a validated histogram sample (already copied by the caller). */
  appendHistogram(t: number, h: NativeHistogram, rangeMs: number, store: HeadChunkStore): void {
    if (this.xor !== undefined || this.lone) this.cutXor(store)
    const n = this.hts.length
    if (n > 0) {
      if (n === SAMPLES_PER_CHUNK / 4)
        this.nextAt = chunkEndTime(this.hts[0] as number, this.lastT, this.nextAt)
      if (t >= this.nextAt || n >= SAMPLES_PER_CHUNK) this.cutHistograms(store)
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
  oooFloatVerdict(
    t: number,
    v: number,
    rangeMs: number,
    store: HeadChunkStore,
  ): 'same' | 'duplicate' | 'unsupported' | undefined {
    if (this.lone) this.encodeLone()
    const at = this.oooTarget(t, rangeMs)
    if (at === undefined) return 'unsupported'
    if (at.create) return undefined
    const { ts, vs } = decodeXor(this.xorBytesAt(at.index, store))
    const k = indexOfTime(ts, t)
    if (k < 0) return undefined
    const hi = floatHi(vs[k] as number)
    const lo = lastFloatLo()
    return floatHi(v) === hi && lastFloatLo() === lo ? 'same' : 'duplicate'
  }

  /**
   * Inserts a float that passed {@link oooFloatVerdict} into the chunk covering its time. A full
   * chunk is rewritten as a new one (durably: its replacement must not be lost while the old
   * version survives on disk, see wal-replay.ts) and the old one released.
   */
  insertFloat(t: number, v: number, rangeMs: number, store: HeadChunkStore): void {
    if (this.lone) this.encodeLone()
    const at = this.oooTarget(t, rangeMs)
    if (at === undefined) return
    if (at.create) {
      const enc = encodeWithInserted([], [], t, v)
      this.setChunk(
        at.index,
        0,
        store.write(this.ref, t, t, ChunkEncoding.XOR, enc.bytes(), true),
        t,
        t,
        1,
        ChunkEncoding.XOR,
      )
    } else {
      const { ts, vs } = decodeXor(this.xorBytesAt(at.index, store))
      if (indexOfTime(ts, t) >= 0) return
      const enc = encodeWithInserted(ts, vs, t, v)
      const minT = Math.min(ts[0] ?? t, t)
      if (at.index === this.numChunks) {
        this.xor = enc
        this.xorMinT = minT
      } else {
        const maxT = Math.max(ts[ts.length - 1] ?? t, t)
        const old = this.cm[at.index * STRIDE] as number
        const key = store.write(this.ref, minT, maxT, ChunkEncoding.XOR, enc.bytes(), true)
        this.setChunk(at.index, 1, key, minT, maxT, enc.numSamples, ChunkEncoding.XOR)
        store.release(old)
      }
    }
    this.samples++
    this.openCache = undefined
  }

  /** Bytes of full chunk `index`, or of the open XOR chunk when `index` is numChunks. */
  private xorBytesAt(index: number, store: HeadChunkStore): Uint8Array {
    if (index < this.numChunks) {
      const c = store.readMany([this.cm[index * STRIDE] as number])[0] as ChunkBytes
      return c.bytes.subarray(c.start, c.end)
    }
    return (this.xor as XorChunkEncoder).bytes()
  }

  /**
   * Where an out-of-order float at `t` goes: chunk `index` (numChunks: the open chunk), or a new
   * chunk inserted at `index` when `create`. A chunk is extended only within its block range, so
   * chunks keep never crossing a block boundary. Undefined when a histogram chunk is in the way.
   */
  private oooTarget(t: number, rangeMs: number): { index: number; create: boolean } | undefined {
    const n = this.numChunks
    const openMin = this.xor !== undefined ? this.xorMinT : (this.hts[0] ?? Infinity)
    if (t >= openMin) return this.xor !== undefined ? { index: n, create: false } : undefined
    const end = rangeEnd(t, rangeMs)
    let i = n - 1
    while (i >= 0 && this.minTOf(i) > t) i--
    if (i >= 0 && (this.maxTOf(i) >= t || rangeEnd(this.minTOf(i), rangeMs) === end)) {
      return this.encodingOf(i) === ChunkEncoding.XOR ? { index: i, create: false } : undefined
    }
    if (i + 1 < n) {
      if (rangeEnd(this.minTOf(i + 1), rangeMs) === end) {
        return this.encodingOf(i + 1) === ChunkEncoding.XOR ? { index: i + 1, create: false } : undefined
      }
    } else if (openMin !== Infinity && rangeEnd(openMin, rangeMs) === end) {
      return this.xor !== undefined ? { index: n, create: false } : undefined
    }
    return { index: i + 1, create: true }
  }

  /** Builds the open chunk's encoder from its single sample (see {@link lone}). */
  private encodeLone(): XorChunkEncoder {
    const x = new XorChunkEncoder()
    x.appendBits(this.xorMinT, this.lastHi, this.lastLo)
    this.xor = x
    this.lone = false
    return x
  }

  private cutXor(store: HeadChunkStore): void {
    const x = this.lone ? this.encodeLone() : this.xor
    if (x === undefined) return
    const key = store.write(this.ref, this.xorMinT, x.lastT, ChunkEncoding.XOR, x.bytes(), false)
    this.setChunk(this.numChunks, 0, key, this.xorMinT, x.lastT, x.numSamples, ChunkEncoding.XOR)
    this.xor = undefined
  }

  private cutHistograms(store: HeadChunkStore): void {
    const n = this.hts.length
    if (n === 0) return
    encodeHistogramChunks(this.hts, this.hhs, 0, n, SAMPLES_PER_CHUNK, (b, minT, maxT, k) => {
      const key = store.write(this.ref, minT, maxT, ChunkEncoding.Histogram, b, false)
      this.setChunk(this.numChunks, 0, key, minT, maxT, k, ChunkEncoding.Histogram)
    })
    this.hts = NO_TIMES
    this.hhs = NO_HISTOGRAMS
  }

  /** The open chunk encoded (cached until the next append). */
  private openChunks(): ChunkBytes[] {
    if (this.openCache !== undefined) return this.openCache
    const out: ChunkBytes[] = []
    // A lone sample is encoded for the reader only: queries do not give every series an encoder.
    const x = this.lone ? loneChunk(this.xorMinT, this.lastHi, this.lastLo) : this.xor
    if (x !== undefined && x.numSamples > 0) {
      const b = x.bytes()
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

  /** Pushes onto `keys` the store keys of the full chunks overlapping [mint, maxt], oldest first; returns how many. */
  fullChunkKeysIn(mint: number, maxt: number, keys: number[]): number {
    const cm = this.cm
    let n = 0
    for (let i = 0; i < cm.length; i += STRIDE) {
      if ((cm[i + 2] as number) >= mint && (cm[i + 1] as number) <= maxt) {
        keys.push(cm[i] as number)
        n++
      }
    }
    return n
  }

  /** The open chunk, if it overlaps [mint, maxt] (none or one, several for a histogram run). */
  openChunksIn(mint: number, maxt: number): readonly ChunkBytes[] {
    const openMin = this.xor !== undefined || this.lone ? this.xorMinT : (this.hts[0] ?? Infinity)
    return openMin <= maxt && this.lastT >= mint ? this.openChunks() : NO_CHUNK_BYTES
  }

  /** Snapshot of the chunks overlapping [mint, maxt], oldest first; safe to read after later appends. */
  chunksIn(mint: number, maxt: number, store: HeadChunkStore): ChunkBytes[] {
    const keys: number[] = []
    this.fullChunkKeysIn(mint, maxt, keys)
    const out = keys.length > 0 ? store.readMany(keys) : []
    for (const c of this.openChunksIn(mint, maxt)) out.push(c)
    return out
  }

  /** True if the series has any sample in [mint, maxt]. */
  overlaps(mint: number, maxt: number): boolean {
    return this.samples > 0 && this.minTime <= maxt && this.lastT >= mint
  }

  /** The smallest store key the series refers to, or +Infinity. */
  minChunkKey(): number {
    let min = Infinity
    for (let i = 0; i < this.cm.length; i += STRIDE) min = Math.min(min, this.cm[i] as number)
    return min
  }

  /**
   * Adopts full chunks found in the head chunk files at start-up (STRIDE numbers each, oldest
   * first), before the WAL replays the samples after them.
   */
  attachChunks(records: readonly number[]): void {
    if (records.length === 0) return
    const all = this.cm === NO_CHUNKS ? [...records] : [...this.cm, ...records]
    if (this.cm.length > 0) {
      // Chunks of a label set the WAL recorded under two refs: put them back in time order.
      const order = Array.from({ length: all.length / STRIDE }, (_, i) => i)
      order.sort((a, b) => (all[a * STRIDE + 1] as number) - (all[b * STRIDE + 1] as number))
      this.cm = order.flatMap((i) => all.slice(i * STRIDE, i * STRIDE + STRIDE))
    } else {
      this.cm = all
    }
    for (let i = 0; i < records.length; i += STRIDE)
      this.samples += Math.floor((records[i + 3] as number) / 256)
    this.lastT = Math.max(this.lastT, this.maxTOf(this.numChunks - 1))
  }

  /**
   * After replay, a series whose newest sample is in a full chunk (nothing was replayed after it)
   * learns that sample's value again, so a repeat of it is recognised as the same sample.
   */
  restoreNewest(store: HeadChunkStore): void {
    const n = this.numChunks
    if (
      n === 0 ||
      this.xor !== undefined ||
      this.lone ||
      this.hts.length > 0 ||
      this.maxTOf(n - 1) !== this.lastT
    )
      return
    const it = new BlockSeriesIterator(
      store.readMany([this.cm[(n - 1) * STRIDE] as number]),
      -Infinity,
      Infinity,
    )
    for (let vt = it.next(); vt !== ValueType.None; vt = it.next()) {
      if (it.atT() !== this.lastT) continue
      if (vt === ValueType.Float) {
        this.lastHi = floatHi(it.atF())
        this.lastLo = lastFloatLo()
        this.lastH = undefined
      } else {
        this.lastH = copyHistogram(it.atHistogram())
      }
    }
  }

  /**
   * Drops everything older than `mint` (after it went into a block). Chunks never cross a block
   * boundary, so whole chunks go; the open chunk goes only when all of it is older.
   */
  truncateBefore(mint: number, store: HeadChunkStore): void {
    let drop = 0
    const n = this.numChunks
    while (drop < n && this.maxTOf(drop) < mint) {
      this.samples -= this.samplesOf(drop)
      store.release(this.cm[drop * STRIDE] as number)
      drop++
    }
    if (drop > 0) this.cm = drop === n ? NO_CHUNKS : this.cm.slice(drop * STRIDE)
    if (this.cm.length === 0 && this.lastT < mint) {
      this.xor = undefined
      this.lone = false
      this.hts = NO_TIMES
      this.hhs = NO_HISTOGRAMS
      this.samples = 0
      this.openCache = undefined
    }
  }
}
