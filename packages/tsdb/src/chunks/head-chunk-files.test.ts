import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { crc32c } from '../encoding/crc32c.js'
import { HeadChunkFiles } from './head-chunk-files.js'
import { headChunkRefOffset, headChunkRefSeq } from './head-chunk-format.js'
import { scanHeadChunkFiles, type ScannedHeadChunk } from './head-chunk-scan.js'

let dir: string
const opened: HeadChunkFiles[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-head-chunks-'))
})
afterEach(() => {
  for (const f of opened.splice(0)) f.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Chunk data whose first two bytes are a sample count, as in XOR and histogram chunks. */
function data(samples: number, length: number, fill: number): Uint8Array {
  const b = new Uint8Array(length).fill(fill)
  b[0] = samples >>> 8
  b[1] = samples & 0xff
  return b
}

function openFiles(maxFileSizeBytes?: number): { files: HeadChunkFiles; found: ScannedHeadChunk[] } {
  const found: ScannedHeadChunk[] = []
  const scan = scanHeadChunkFiles(dir, (c) => found.push(c))
  const files = new HeadChunkFiles(dir, scan.files, () => {}, maxFileSizeBytes)
  opened.push(files)
  return { files, found }
}

describe('HeadChunkFiles', () => {
  it("writes Prometheus's head chunk file format", () => {
    const { files } = openFiles()
    const chunk = data(120, 40, 7)
    const ref = files.write(5, -1000, 2 ** 40, 1, chunk, false)
    files.close()
    expect([headChunkRefSeq(ref), headChunkRefOffset(ref)]).toEqual([1, 8])
    const b = readFileSync(join(dir, '000001'))
    expect(b.readUInt32BE(0)).toBe(0x0130bc91)
    expect([...b.subarray(4, 8)]).toEqual([1, 0, 0, 0])
    expect(b.readBigUInt64BE(8)).toBe(5n)
    expect(b.readBigInt64BE(16)).toBe(-1000n)
    expect(b.readBigInt64BE(24)).toBe(2n ** 40n)
    expect(b[32]).toBe(1) // encoding
    expect(b[33]).toBe(40) // uvarint length
    expect(b.subarray(34, 74)).toEqual(Buffer.from(chunk))
    expect(b.readUInt32BE(74)).toBe(crc32c(b, 8, 74))
    expect(b.length).toBe(78)
  })

  it.each([
    ['still buffered', false],
    ['flushed', true],
  ])('reads chunks back while %s, in any order', (_title, durable) => {
    const { files } = openFiles()
    const chunks = [data(1, 3, 1), data(2, 3000, 2), data(3, 200, 3)]
    const refs = chunks.map((c, i) => files.write(i + 1, i, i + 1, 1, c, durable))
    const read = files.readMany([refs[2], refs[0], refs[1]] as number[])
    expect(read.map((c) => Buffer.from(c.bytes.subarray(c.start, c.end)))).toEqual(
      [chunks[2], chunks[0], chunks[1]].map((c) => Buffer.from(c as Uint8Array)),
    )
    expect(read.map((c) => c.encoding)).toEqual([1, 1, 1])
  })

  it('starts a new file past the size limit and finds every chunk again after a restart', () => {
    const first = openFiles(300)
    const refs = Array.from({ length: 10 }, (_, i) =>
      first.files.write(i + 1, i * 10, i * 10 + 9, 2, data(i, 100, i), false),
    )
    first.files.close()
    expect(readdirSync(dir).sort()).toEqual(['000001', '000002', '000003', '000004', '000005'])
    const again = openFiles(300)
    expect(again.found.map((c) => [c.seriesRef, c.ref, c.minT, c.maxT, c.encoding, c.samples])).toEqual(
      refs.map((ref, i) => [i + 1, ref, i * 10, i * 10 + 9, 2, i]),
    )
    // Writes after a restart go to a new file.
    expect(headChunkRefSeq(again.files.write(1, 0, 1, 1, data(1, 10, 0), true))).toBe(6)
  })

  it('truncation deletes the files below the oldest chunk in use, never the one being written', () => {
    const { files } = openFiles(300)
    const refs = Array.from({ length: 6 }, (_, i) => files.write(1, i, i, 1, data(1, 100, i), false))
    files.truncate(refs[4] as number)
    expect(files.fileSeqs()).toEqual([3, 4])
    expect(readdirSync(dir).sort()).toEqual(['000003', '000004'])
    files.truncate(Infinity)
    expect(files.fileSeqs()).toEqual([4])
  })
})

describe('scanHeadChunkFiles repairs', () => {
  /** Writes 3 files of 2 chunks (series 1..6); returns the refs. */
  function writeSix(): number[] {
    const { files } = openFiles(300)
    const refs = Array.from({ length: 6 }, (_, i) => files.write(i + 1, i, i, 1, data(1, 100, i), false))
    files.close()
    opened.length = 0
    return refs
  }

  it.each<[string, (refs: number[]) => void, number[], string]>([
    [
      'a flipped byte: truncated at that chunk, later files deleted',
      (refs) => {
        const path = join(dir, '000002')
        const b = readFileSync(path)
        const at = headChunkRefOffset(refs[3] as number) + 40
        b[at] = (b[at] as number) ^ 0xff
        writeFileSync(path, b)
      },
      [1, 2, 3],
      'checksum mismatch',
    ],
    [
      'a torn tail',
      () => truncateSync(join(dir, '000003'), 200),
      [1, 2, 3, 4, 5],
      'entry runs past the end of the file',
    ],
    [
      'a bad magic number: that file and later ones deleted',
      () => {
        const path = join(dir, '000002')
        const b = readFileSync(path)
        b[0] = 0
        writeFileSync(path, b)
      },
      [1, 2],
      'bad magic number',
    ],
    ['a missing file in the sequence', () => rmSync(join(dir, '000002')), [1, 2], 'file 000002 is missing'],
  ])('%s', (_title, damage, series, reason) => {
    const refs = writeSix()
    damage(refs)
    const found: number[] = []
    const scan = scanHeadChunkFiles(dir, (c) => found.push(c.seriesRef))
    expect(found).toEqual(series)
    expect(scan.corruption?.reason).toBe(reason)
    // The repair is on disk: a second scan finds the same chunks and nothing wrong.
    const again: number[] = []
    expect(scanHeadChunkFiles(dir, (c) => again.push(c.seriesRef)).corruption).toBeUndefined()
    expect(again).toEqual(series)
  })

  it('stops quietly at zero padding (Prometheus preallocates its files)', () => {
    writeSix()
    const path = join(dir, '000003')
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.alloc(4096)]))
    const found: number[] = []
    expect(scanHeadChunkFiles(dir, (c) => found.push(c.seriesRef)).corruption).toBeUndefined()
    expect(found).toEqual([1, 2, 3, 4, 5, 6])
  })
})
