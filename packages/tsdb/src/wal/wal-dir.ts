import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs'
import { parseWalSegmentName } from './wal-format.js'

/** Indexes of the segment files in `dir`, ascending. */
export function listWalSegments(dir: string): number[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const out: number[] = []
  for (const n of names) {
    const i = parseWalSegmentName(n)
    if (i !== undefined) out.push(i)
  }
  return out.sort((a, b) => a - b)
}

/** fsyncs a directory so a new or renamed entry in it survives a power loss. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
