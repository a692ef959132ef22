import { copyFile, link, mkdir, readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { BlockReader } from '../block/block-reader.js'
import type { Head } from '../head/head.js'
import { compactHeadRange } from './compaction.js'

// Files rewritten in place after a block is written: copied, so later deletions do not leak into the snapshot.
const COPIED = new Set(['meta.json', 'tombstones'])

async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name)
    const dst = join(to, entry.name)
    if (entry.isDirectory()) await linkTree(src, dst)
    else if (COPIED.has(entry.name)) await copyFile(src, dst)
    else await link(src, dst)
  }
}

/**
 * Writes a snapshot of the database into `dir`, as Prometheus's DB.Snapshot does: every block is
 * hard-linked (immutable files cost no space; meta.json and tombstones are copied), and with
 * `withHead` the head's samples, deletions applied, are written as one more block.
 */
export async function writeSnapshot(
  dir: string,
  blocks: readonly BlockReader[],
  head: Head,
  withHead: boolean,
): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const b of blocks) await linkTree(b.dir, join(dir, basename(b.dir)))
  if (!withHead || head.minTime > head.maxTime) return
  await compactHeadRange(head, dir, head.minTime, head.maxTime + 1)
}
