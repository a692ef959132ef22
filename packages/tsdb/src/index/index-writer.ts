import { writeFile } from 'node:fs/promises'
import { compareStrings, Labels } from '@watchfire/model'
import { ByteWriter } from '../encoding/byte-writer.js'
import { crc32c } from '../encoding/crc32c.js'
import { InvalidBlockInputError } from '../errors.js'
import { INDEX_MAGIC, INDEX_VERSION, type ChunkMeta } from './index-format.js'

/** One series for the index: its labels and chunk bounds, chunks in time order. */
export interface IndexSeries {
  labels: Labels
  chunks: readonly ChunkMeta[]
}

/**
 * Encodes an index v2 file (see docs/format/index.md) for series given in label order. The file is
 * built in memory, as its postings need every series' reference first, then written in one go.
 */
export function encodeIndex(series: readonly IndexSeries[]): Buffer {
  const w = new ByteWriter(1 << 16)
  w.putBE32(INDEX_MAGIC)
  w.putByte(INDEX_VERSION)

  // Symbols: every distinct name and value, sorted.
  const symbolSet = new Set<string>()
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as IndexSeries
    if (i > 0 && Labels.compare((series[i - 1] as IndexSeries).labels, s.labels) >= 0) {
      throw new InvalidBlockInputError(
        `cannot index series ${s.labels.toString()} (not in increasing label order)`,
      )
    }
    for (const x of s.labels.toFlat()) symbolSet.add(x)
  }
  const symbols = [...symbolSet].sort(compareStrings)
  const symbolRef = new Map<string, number>()
  symbols.forEach((s, i) => symbolRef.set(s, i))
  const tocSymbols = w.length
  sectionWithBE32Length(w, () => {
    w.putBE32(symbols.length)
    for (const s of symbols) w.putUvarintString(s)
  })

  // Series, each 16-byte aligned; the reference is offset / 16.
  const tocSeries = w.length
  const refs = new Uint32Array(series.length)
  const postings = new Map<string, Map<string, number[]>>()
  const body = new ByteWriter(256)
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as IndexSeries
    w.padTo(16)
    const ref = w.length / 16
    if (ref > 0xffffffff) throw new InvalidBlockInputError('cannot index series (index exceeds 64 GiB)')
    refs[i] = ref
    body.reset()
    const flat = s.labels.toFlat()
    body.putUvarint(flat.length / 2)
    for (let j = 0; j < flat.length; j += 2) {
      const name = flat[j] as string
      const value = flat[j + 1] as string
      body.putUvarint(symbolRef.get(name) as number)
      body.putUvarint(symbolRef.get(value) as number)
      let byValue = postings.get(name)
      if (byValue === undefined) postings.set(name, (byValue = new Map()))
      let list = byValue.get(value)
      if (list === undefined) byValue.set(value, (list = []))
      list.push(ref)
    }
    body.putUvarint(s.chunks.length)
    let prevMaxT = 0
    let prevRef = 0
    s.chunks.forEach((c, k) => {
      if (k === 0) {
        body.putVarint(c.minTime)
        body.putUvarint(c.maxTime - c.minTime)
        body.putUvarint(c.ref)
      } else {
        if (c.minTime < prevMaxT) {
          throw new InvalidBlockInputError(`cannot index series ${s.labels.toString()} (chunks overlap)`)
        }
        body.putUvarint(c.minTime - prevMaxT)
        body.putUvarint(c.maxTime - c.minTime)
        body.putVarint(c.ref - prevRef)
      }
      prevMaxT = c.maxTime
      prevRef = c.ref
    })
    w.putUvarint(body.length)
    w.putBytes(body.view())
    w.putBE32(crc32c(body.bytes, 0, body.length))
  }

  const names = [...postings.keys()].sort(compareStrings)
  const valuesOf = new Map<string, string[]>()
  for (const n of names)
    valuesOf.set(n, [...(postings.get(n) as Map<string, number[]>).keys()].sort(compareStrings))

  // Label indices (unused by readers since 2.x but still written): one per name, 4-byte aligned.
  const tocLabelIndices = w.length
  const labelIndexOffsets: number[] = []
  for (const n of names) {
    w.padTo(4)
    labelIndexOffsets.push(w.length)
    const values = valuesOf.get(n) as string[]
    sectionWithBE32Length(w, () => {
      w.putBE32(1)
      w.putBE32(values.length)
      for (const v of values) w.putBE32(symbolRef.get(v) as number)
    })
  }

  // Postings: all series under the empty pair first, then by name and value.
  w.padTo(4)
  const tocPostings = w.length
  const postingOffsets: Array<[string, string, number]> = []
  const writePostings = (name: string, value: string, list: ArrayLike<number>): void => {
    w.padTo(4)
    postingOffsets.push([name, value, w.length])
    sectionWithBE32Length(w, () => {
      w.putBE32(list.length)
      for (let i = 0; i < list.length; i++) w.putBE32(list[i] as number)
    })
  }
  writePostings('', '', refs)
  for (const n of names) {
    const byValue = postings.get(n) as Map<string, number[]>
    for (const v of valuesOf.get(n) as string[]) writePostings(n, v, byValue.get(v) as number[])
  }

  const tocLabelTable = w.length
  sectionWithBE32Length(w, () => {
    w.putBE32(names.length)
    names.forEach((n, i) => {
      w.putUvarint(1)
      w.putUvarintString(n)
      w.putUvarint(labelIndexOffsets[i] as number)
    })
  })

  const tocPostingsTable = w.length
  sectionWithBE32Length(w, () => {
    w.putBE32(postingOffsets.length)
    for (const [n, v, off] of postingOffsets) {
      w.putUvarint(2)
      w.putUvarintString(n)
      w.putUvarintString(v)
      w.putUvarint(off)
    }
  })

  const tocStart = w.length
  for (const off of [tocSymbols, tocSeries, tocLabelIndices, tocLabelTable, tocPostings, tocPostingsTable])
    w.putBE64(off)
  w.putBE32(crc32c(w.bytes, tocStart, w.length))
  return Buffer.from(w.view())
}

/** Writes `len <4b> | body | CRC32C(body)`, the framing of most index sections. */
function sectionWithBE32Length(w: ByteWriter, body: () => void): void {
  const lenPos = w.length
  w.putBE32(0)
  body()
  w.setBE32(lenPos, w.length - lenPos - 4)
  w.putBE32(crc32c(w.bytes, lenPos + 4, w.length))
}

/** Encodes the index and writes it to `path`. */
export async function writeIndexFile(path: string, series: readonly IndexSeries[]): Promise<number> {
  const bytes = encodeIndex(series)
  await writeFile(path, bytes)
  return bytes.length
}
