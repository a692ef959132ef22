import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { BlockReader } from '../block/block-reader.js'
import { isUlid } from '../block/ulid.js'

/** A loaded block with a count of the queriers reading it, so dropping it never pulls files from under a query. */
export class LoadedBlock {
  readonly reader: BlockReader
  /** Bytes on disk (all files of the block directory). */
  readonly sizeBytes: number
  private readers = 0
  private dropped = false

  constructor(reader: BlockReader, sizeBytes: number) {
    this.reader = reader
    this.sizeBytes = sizeBytes
  }

  /** Takes a hold for a querier. */
  acquire(): void {
    this.readers++
  }

  /** Releases a querier's hold; closes the files if the block was dropped meanwhile. */
  release(): void {
    this.readers--
    if (this.dropped && this.readers === 0) void this.reader.close()
  }

  /** Deletes the block directory; files close once the last querier lets go. */
  async drop(): Promise<void> {
    this.dropped = true
    if (this.readers === 0) await this.reader.close()
    await rm(this.reader.dir, { recursive: true, force: true })
  }
}

/** A block directory that did not open, and why. */
export interface RefusedBlock {
  dir: string
  reason: string
}

/**
 * Opens every block under `dir`. A block that fails to verify is refused (reported, left on disk)
 * and the rest still open; leftovers of interrupted writes (`*.tmp-for-creation`) are removed, and
 * so are blocks that a newer, merged block lists as its parents.
 */
export async function loadBlocks(dir: string): Promise<{ blocks: LoadedBlock[]; refused: RefusedBlock[] }> {
  const blocks: LoadedBlock[] = []
  const refused: RefusedBlock[] = []
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    if (name.endsWith('.tmp-for-creation')) {
      await rm(path, { recursive: true, force: true })
      continue
    }
    if (!isUlid(name)) continue
    try {
      const reader = await BlockReader.open(path)
      blocks.push(new LoadedBlock(reader, await dirSize(path)))
    } catch (err) {
      refused.push({ dir: path, reason: err instanceof Error ? err.message : String(err) })
    }
  }
  const parents = new Set<string>()
  for (const b of blocks) for (const p of b.reader.meta.compaction.parents ?? []) parents.add(p.ulid)
  const kept: LoadedBlock[] = []
  for (const b of blocks) {
    if (parents.has(b.reader.meta.ulid)) await b.drop()
    else kept.push(b)
  }
  kept.sort((a, b) => a.reader.meta.minTime - b.reader.meta.minTime)
  return { blocks: kept, refused }
}

/** Total size of the files under `dir`, recursively. */
export async function dirSize(dir: string): Promise<number> {
  let total = 0
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? await dirSize(p) : (await stat(p)).size
  }
  return total
}
