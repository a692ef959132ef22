import { readFile } from 'node:fs/promises'
import { Labels, type Matcher } from '@watchfire/model'
import { ByteReader } from '../encoding/byte-reader.js'
import { crc32c } from '../encoding/crc32c.js'
import { CorruptBlockError } from '../errors.js'
import { INDEX_MAGIC, TOC_SIZE, type ChunkMeta } from './index-format.js'
import { intersectPostings, mergePostings, withoutPostings } from './postings.js'

interface PostingsEntries {
  values: string[]
  offsets: number[]
}

/** One series as the index stores it. */
export interface IndexSeriesEntry {
  labels: Labels
  chunks: ChunkMeta[]
}

/**
 * Reads an index v2 file held in memory (as Prometheus mmaps it): symbols and the postings offset
 * table are decoded at open; series and postings lists are decoded, checksum included, on each lookup.
 */
export class IndexReader {
  private readonly path: string
  private readonly b: Buffer
  private readonly symbols: string[]
  private readonly postingsTable: Map<string, PostingsEntries>
  private readonly names: string[]

  private constructor(path: string, b: Buffer, symbols: string[], table: Map<string, PostingsEntries>) {
    this.path = path
    this.b = b
    this.symbols = symbols
    this.postingsTable = table
    this.names = [...table.keys()].filter((n) => n !== '')
  }

  /** Reads and verifies the index at `path`. */
  /** Bytes of the symbol strings held in memory, once counted (-1: not yet). */
  private symbolBytes = -1

  /** Size of the symbol table held in memory (prometheus_tsdb_symbol_table_size_bytes). */
  get symbolTableSizeBytes(): number {
    if (this.symbolBytes < 0) {
      let n = 0
      for (const s of this.symbols) n += Buffer.byteLength(s)
      this.symbolBytes = n
    }
    return this.symbolBytes
  }

  static async open(path: string): Promise<IndexReader> {
    return IndexReader.fromBytes(path, await readFile(path))
  }

  /** Verifies and wraps an index already in memory; `path` is only used in error messages. */
  static fromBytes(path: string, b: Buffer): IndexReader {
    if (b.length < 5 + TOC_SIZE || b.readUInt32BE(0) !== INDEX_MAGIC) {
      throw new CorruptBlockError(path, 'header', 'bad magic number or too short')
    }
    if (b[4] !== 2) throw new CorruptBlockError(path, 'header', `unsupported index version ${b[4]}`)
    const tocStart = b.length - TOC_SIZE
    if (crc32c(b, tocStart, b.length - 4) !== b.readUInt32BE(b.length - 4)) {
      throw new CorruptBlockError(path, 'TOC', 'checksum mismatch')
    }
    const toc = new ByteReader(b, tocStart, b.length - 4)
    const symbolsAt = toc.be64()
    toc.be64() // series
    toc.be64() // label indices
    toc.be64() // label offset table
    toc.be64() // postings
    const postingsTableAt = toc.be64()
    const symbols: string[] = []
    section(path, 'symbol table', b, symbolsAt, (r) => {
      const n = r.be32()
      for (let i = 0; i < n; i++) symbols.push(r.uvarintString())
    })
    const table = new Map<string, PostingsEntries>()
    section(path, 'postings offset table', b, postingsTableAt, (r) => {
      const n = r.be32()
      for (let i = 0; i < n; i++) {
        if (r.uvarint() !== 2) throw new RangeError('postings offset entry without two keys')
        const name = r.uvarintString()
        const value = r.uvarintString()
        const off = r.uvarint()
        let e = table.get(name)
        if (e === undefined) table.set(name, (e = { values: [], offsets: [] }))
        e.values.push(value)
        e.offsets.push(off)
      }
    })
    return new IndexReader(path, b, symbols, table)
  }

  /** Label names present in the block, sorted. */
  labelNames(): string[] {
    return this.names.slice()
  }

  /** Values of label `name`, sorted. */
  labelValues(name: string): string[] {
    return this.postingsTable.get(name)?.values.slice() ?? []
  }

  /** Ascending series references carrying `name="value"`; the empty pair means every series. */
  postings(name: string, value: string): number[] {
    const e = this.postingsTable.get(name)
    if (e === undefined) return []
    const i = binarySearch(e.values, value)
    if (i < 0) return []
    return this.postingsAt(e.offsets[i] as number, `postings for ${name}=${JSON.stringify(value)}`)
  }

  private postingsAt(offset: number, what: string): number[] {
    const out: number[] = []
    section(this.path, what, this.b, offset, (r) => {
      const n = r.be32()
      for (let i = 0; i < n; i++) out.push(r.be32())
    })
    return out
  }

  /** Series references matching every matcher, ascending (Prometheus's PostingsForMatchers). */
  postingsForMatchers(matchers: readonly Matcher[]): number[] {
    const positive: number[][] = []
    const negative: number[][] = []
    for (const m of matchers) {
      const e = this.postingsTable.get(m.name)
      const values = e?.values ?? []
      if (m.matchesEmpty()) {
        // Series without the label match too: subtract the series whose value fails the matcher.
        const failing = values.filter((v) => !m.matches(v))
        negative.push(mergePostings(failing.map((v) => this.postings(m.name, v))))
      } else {
        positive.push(mergePostings(values.filter((v) => m.matches(v)).map((v) => this.postings(m.name, v))))
      }
    }
    let result = positive.length > 0 ? intersectPostings(positive) : this.postings('', '')
    for (const n of negative) result = withoutPostings(result, n)
    return result
  }

  /** Decodes the series at reference `ref` (its byte offset / 16). */
  series(ref: number): IndexSeriesEntry {
    const offset = ref * 16
    const labels: string[] = []
    const chunks: ChunkMeta[] = []
    const what = `series ${ref}`
    try {
      const r = new ByteReader(this.b, offset)
      const len = r.uvarint()
      const start = r.pos
      r.end = start + len
      if (start + len + 4 > this.b.length) throw new RangeError('series runs past the end')
      if (crc32c(this.b, start, start + len) !== this.b.readUInt32BE(start + len)) {
        throw new CorruptBlockError(this.path, what, 'checksum mismatch')
      }
      const nLabels = r.uvarint()
      for (let i = 0; i < nLabels; i++) labels.push(this.symbol(r.uvarint()), this.symbol(r.uvarint()))
      const nChunks = r.uvarint()
      let maxT = 0
      let ref0 = 0
      for (let i = 0; i < nChunks; i++) {
        const minTime = i === 0 ? r.varint() : maxT + r.uvarint()
        maxT = minTime + r.uvarint()
        ref0 = i === 0 ? r.uvarint() : ref0 + r.varint()
        chunks.push({ ref: ref0, minTime, maxTime: maxT })
      }
    } catch (err) {
      if (err instanceof CorruptBlockError) throw err
      throw new CorruptBlockError(this.path, what, err instanceof Error ? err.message : String(err), {
        cause: err,
      })
    }
    return { labels: Labels.fromSortedFlat(labels), chunks }
  }

  private symbol(i: number): string {
    const s = this.symbols[i]
    if (s === undefined) throw new RangeError(`symbol ${i} out of range`)
    return s
  }
}

/** Verifies and decodes a `len <4b> | body | CRC32C` section. */
function section(
  path: string,
  what: string,
  b: Buffer,
  offset: number,
  decode: (r: ByteReader) => void,
): void {
  if (offset === 0) return
  try {
    if (offset + 4 > b.length) throw new RangeError('offset past the end')
    const len = b.readUInt32BE(offset)
    const start = offset + 4
    if (start + len + 4 > b.length) throw new RangeError('section runs past the end')
    if (crc32c(b, start, start + len) !== b.readUInt32BE(start + len)) {
      throw new CorruptBlockError(path, what, 'checksum mismatch')
    }
    decode(new ByteReader(b, start, start + len))
  } catch (err) {
    if (err instanceof CorruptBlockError) throw err
    throw new CorruptBlockError(path, what, err instanceof Error ? err.message : String(err), { cause: err })
  }
}

function binarySearch(sorted: readonly string[], x: string): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = sorted[mid] as string
    if (v === x) return mid
    if (v < x) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
