import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs'
import { join } from 'node:path'
import {
  HEAD_CHUNK_FILE_HEADER_SIZE,
  HEAD_CHUNK_REF_AND_TIMES_SIZE,
  HEAD_CHUNKS_MAGIC,
  HEAD_CHUNKS_VERSION,
  MAX_HEAD_CHUNK_META_SIZE,
  headChunkFileName,
  headChunkRef,
  parseHeadChunkEntry,
  readInt64,
} from './head-chunk-format.js'

/** One valid entry found at start-up. */
export interface ScannedHeadChunk {
  seriesRef: number
  /** The chunk's head chunk reference. */
  ref: number
  minT: number
  maxT: number
  encoding: number
  samples: number
}

/** A head chunk file kept after the scan. */
export interface HeadChunkFileInfo {
  seq: number
  sizeBytes: number
}

/** Where the scan found the first bad entry; that file was truncated there and later files deleted. */
export interface HeadChunkCorruption {
  file: string
  offset: number
  reason: string
}

/** What {@link scanHeadChunkFiles} found. */
export interface HeadChunkScan {
  files: HeadChunkFileInfo[]
  corruption: HeadChunkCorruption | undefined
}

const WINDOW_BYTES = 1 << 20

/** Reads a file forward through a reusable window. */
class Window {
  buf = Buffer.allocUnsafe(WINDOW_BYTES)
  start = 0
  length = 0

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}

  /** Refills so the window starts at `at` (growing it when `minBytes` would not fit). */
  fill(at: number, minBytes: number): void {
    if (minBytes > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(minBytes, this.buf.length * 2))
    const want = Math.min(this.buf.length, this.size - at)
    let done = 0
    while (done < want) {
      const n = readSync(this.fd, this.buf, done, want - done, at + done)
      if (n === 0) break
      done += n
    }
    this.start = at
    this.length = done
  }
}

/** Scans one file; returns the offset and reason of its first bad entry, if any. */
function scanFile(
  path: string,
  seq: number,
  visit: (c: ScannedHeadChunk) => void,
): { offset: number; reason: string } | undefined {
  const fd = openSync(path, 'r')
  try {
    const size = statSync(path).size
    const w = new Window(fd, size)
    w.fill(0, HEAD_CHUNK_FILE_HEADER_SIZE)
    if (w.length < HEAD_CHUNK_FILE_HEADER_SIZE) return { offset: 0, reason: 'file shorter than its header' }
    if (w.buf.readUInt32BE(0) !== HEAD_CHUNKS_MAGIC) return { offset: 0, reason: 'bad magic number' }
    if (w.buf[4] !== HEAD_CHUNKS_VERSION) return { offset: 0, reason: `unknown version ${w.buf[4]}` }
    let at = HEAD_CHUNK_FILE_HEADER_SIZE
    while (at < size) {
      if (at + MAX_HEAD_CHUNK_META_SIZE > w.start + w.length && w.start + w.length < size) {
        w.fill(at, MAX_HEAD_CHUNK_META_SIZE)
      }
      const p = at - w.start
      // Prometheus preallocates files: a zeroed ref and times mark where its data ends.
      if (size - at < HEAD_CHUNK_REF_AND_TIMES_SIZE) {
        return w.buf.subarray(p, size - w.start).every((b) => b === 0)
          ? undefined
          : { offset: at, reason: 'truncated entry' }
      }
      if (readInt64(w.buf, p) === 0 && readInt64(w.buf, p + 8) === 0 && readInt64(w.buf, p + 16) === 0) {
        return undefined
      }
      const e = parseHeadChunkEntry(w.buf, p, w.length)
      if (e === 'short') {
        if (w.start + w.length >= size) return { offset: at, reason: 'entry runs past the end of the file' }
        w.fill(at, w.start === at ? w.length * 2 : MAX_HEAD_CHUNK_META_SIZE)
        continue
      }
      if (typeof e === 'string') return { offset: at, reason: e }
      visit({
        seriesRef: readInt64(w.buf, p),
        ref: headChunkRef(seq, at),
        minT: readInt64(w.buf, p + 8),
        maxT: readInt64(w.buf, p + 16),
        encoding: e.encoding,
        samples: e.dataEnd - e.dataStart >= 2 ? w.buf.readUInt16BE(e.dataStart) : 0,
      })
      at += e.end - p
    }
    return undefined
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads every head chunk file in `dir` (created if missing) in sequence order and calls `visit` for
 * each valid entry. Damage is repaired as Prometheus does, so start-up never fails on it: an empty
 * last file is removed, and at the first bad entry (a torn write, a bad checksum, a gap in the
 * numbering) that file is truncated there and every later file deleted. The samples lost with them
 * are still in the WAL, which the caller then replays for those series.
 */
export function scanHeadChunkFiles(dir: string, visit: (c: ScannedHeadChunk) => void): HeadChunkScan {
  mkdirSync(dir, { recursive: true })
  const seqs = readdirSync(dir)
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b)
  const last = seqs[seqs.length - 1]
  if (last !== undefined && statSync(join(dir, headChunkFileName(last))).size === 0) {
    rmSync(join(dir, headChunkFileName(last)))
    seqs.pop()
  }
  const files: HeadChunkFileInfo[] = []
  let corruption: HeadChunkCorruption | undefined
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i] as number
    const path = join(dir, headChunkFileName(seq))
    const prev = seqs[i - 1]
    const bad =
      prev !== undefined && seq !== prev + 1
        ? { offset: 0, reason: `file ${headChunkFileName(prev + 1)} is missing` }
        : scanFile(path, seq, visit)
    if (bad === undefined) {
      files.push({ seq, sizeBytes: statSync(path).size })
      continue
    }
    corruption = { file: path, ...bad }
    if (bad.offset > HEAD_CHUNK_FILE_HEADER_SIZE) {
      ftruncateFile(path, bad.offset)
      files.push({ seq, sizeBytes: bad.offset })
    } else {
      rmSync(path)
    }
    for (const later of seqs.slice(i + 1)) rmSync(join(dir, headChunkFileName(later)))
    break
  }
  return { files, corruption }
}

function ftruncateFile(path: string, length: number): void {
  const fd = openSync(path, 'r+')
  try {
    ftruncateSync(fd, length)
  } finally {
    closeSync(fd)
  }
}
