import type { ChunkBytes } from './chunk-reader.js'

/**
 * Where the head keeps its full (cut) chunks: each is written once and then known to its series
 * only by the key returned, plus the times and counts the series records beside it. The DB uses
 * head chunk files on disk ({@link HeadChunkFiles}); a head without a directory keeps them in memory.
 */
export interface HeadChunkStore {
  /**
   * Stores a full chunk of series `seriesRef` and returns its key. `durable` asks for it to reach
   * the file before returning (a rewritten chunk must not be lost while its older version survives).
   */
  write(
    seriesRef: number,
    minT: number,
    maxT: number,
    encoding: number,
    data: Uint8Array,
    durable: boolean,
  ): number
  /** The chunks at `keys`, in the same order; results are never written to again (safe to keep after later writes and truncation). */
  readMany(keys: readonly number[]): ChunkBytes[]
  /** Forgets a chunk no series refers to any more. */
  release(key: number): void
  /** Drops storage below the smallest key still in use (Infinity: none is). */
  truncate(minKeyInUse: number): void
}

/** A {@link HeadChunkStore} in memory, for a head that has no directory. */
export class MemoryChunkStore implements HeadChunkStore {
  private readonly chunks = new Map<number, ChunkBytes>()
  private next = 1

  write(_seriesRef: number, _minT: number, _maxT: number, encoding: number, data: Uint8Array): number {
    const key = this.next++
    const bytes = Buffer.from(data)
    this.chunks.set(key, { encoding, bytes, start: 0, end: bytes.length })
    return key
  }

  readMany(keys: readonly number[]): ChunkBytes[] {
    return keys.map((k) => {
      const c = this.chunks.get(k)
      if (c === undefined) throw new RangeError(`cannot read head chunk ${k} (released)`)
      return c
    })
  }

  release(key: number): void {
    this.chunks.delete(key)
  }

  truncate(): void {}
}
