import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher } from '@watchfire/model'
import { readAll } from '@watchfire/storage/conformance'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openBlock } from '../block/block-reader.js'
import { isUlid } from '../block/ulid.js'
import { openDB, type DB } from './db.js'

// Prometheus 2.42 verifies a chunk's CRC32C on every read: block chunks in chunks.Reader.Chunk
// (tsdb/chunks/chunks.go), head chunks in ChunkDiskMapper.Chunk (head_chunks.go), queries included.
const HOUR = 3_600_000
const ALL = [new Matcher('=~', '__name__', '.+')]
let dir: string
const open: DB[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-chunk-crc-'))
})
afterEach(async () => {
  for (const db of open.splice(0)) await db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function filled(batches: number): Promise<DB> {
  const db = await openDB(dir, { logger: () => {}, autoCompact: false })
  open.push(db)
  for (let b = 0; b < batches; b++) {
    const app = db.appender()
    for (let s = 0; s < 3; s++)
      app.append(0, Labels.fromRecord({ __name__: 'm', s: String(s) }), b * 15_000, b * s)
    await app.commit()
  }
  return db
}

function flipByte(path: string, at: number): void {
  const b = readFileSync(path)
  b[at] = (b[at] as number) ^ 0x40
  writeFileSync(path, b)
}

describe('chunk checksums on read', () => {
  it('a flipped byte in a block chunk fails the query that reads it, naming the file', async () => {
    const db = await filled(4 * 240)
    await db.compact()
    const ulid = readdirSync(dir).find(isUlid) as string
    // Inside the first chunk's data: segment header (8), length (2), encoding (1), then data.
    flipByte(join(dir, ulid, 'chunks', '000001'), 30)
    await expect(readAll(db, 0, 2 * HOUR - 1, ALL)).rejects.toThrow(/chunks\/000001 \(checksum mismatch\)/)
    const block = await openBlock(join(dir, ulid))
    try {
      const refs = block.postings(ALL).flatMap((ref) => block.series(ref).chunks.map((c) => c.ref))
      expect(() => block.readChunksSync(refs)).toThrow(/checksum mismatch/)
    } finally {
      await block.close()
    }
  })

  it('a head chunk damaged on disk after start-up fails the query that reads it', async () => {
    const db = await filled(400)
    await db.close()
    open.length = 0
    const again = await openDB(dir, { logger: () => {}, autoCompact: false })
    open.push(again)
    flipByte(join(dir, 'chunks_head', '000001'), 60)
    const q = await again.querier(-Infinity, Infinity)
    const set = q.select(false, undefined, ...ALL)
    expect(set.next()).toBe(false)
    expect(set.err()?.message).toMatch(/chunks_head\/000001 \(checksum mismatch\)/)
    q.close()
  })
})
