import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { threadId } from 'node:worker_threads'

/** The temporary name this thread writes `path` through; the pid lets a sweep remove a dead writer's leftovers. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${threadId}`
}

/** The pid embedded in a temporary file's name, or undefined if `name` is not one. */
export function pidOfTemp(name: string): number | undefined {
  const match = /\.tmp-(\d+)-\d+$/.exec(name)
  return match === null ? undefined : Number(match[1])
}

/** Replaces `path` with `data` so readers see the old or the new content, never a mix (write, then rename). */
export function writeAtomic(path: string, data: Buffer | string): void {
  const temp = tempPathFor(path)
  writeFileSync(temp, data)
  renameSync(temp, path)
}

/**
 * Creates `path` holding `data` only if it does not exist, atomically and complete (write a temporary file,
 * then hard-link it: link fails with EEXIST if the name is taken). Returns false if it existed.
 */
export function createExclusive(path: string, data: Buffer | string): boolean {
  const temp = tempPathFor(path)
  writeFileSync(temp, data)
  try {
    linkSync(temp, path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  } finally {
    unlinkSync(temp)
  }
}

/** The file's bytes, or undefined if it does not exist. */
export function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/** Removes a file; a missing one is fine. */
export function removeIfExists(path: string): void {
  try {
    unlinkSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}
