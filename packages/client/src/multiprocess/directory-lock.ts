import { readFileSync, renameSync } from 'node:fs'
import { createExclusive, removeIfExists, tempPathFor } from './atomic-files.js'
import { isAlive, selfOwner } from './liveness.js'
import type { Owner } from './state.js'

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * A lock file serialising changes to the archive and the removals, held for milliseconds. A holder that died is
 * detected by liveness and its lock broken; a live but hung holder only delays folding, never a scrape.
 */
export class DirectoryLock {
  constructor(private readonly path: string) {}

  /** Runs `fn` holding the lock; returns undefined without running it if the lock stays taken for `timeoutMs`. */
  withLock<T>(timeoutMs: number, fn: () => T): { value: T } | undefined {
    if (!this.acquire(timeoutMs)) return undefined
    try {
      return { value: fn() }
    } finally {
      removeIfExists(this.path)
    }
  }

  private acquire(timeoutMs: number): boolean {
    const me = JSON.stringify(selfOwner())
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (createExclusive(this.path, me)) return true
      const held = readOrUndefined(this.path)
      if (held !== undefined) {
        const owner = parseOwner(held)
        if (owner === undefined || !isAlive(owner)) this.breakStale(held)
        else if (Date.now() >= deadline) return false
        else Atomics.wait(sleeper, 0, 0, 2)
      }
    }
  }

  // Moves the stale lock aside and checks it is the one judged stale: a live lock taken meanwhile goes back.
  private breakStale(seen: string): void {
    const aside = `${tempPathFor(this.path)}-stale`
    try {
      renameSync(this.path, aside)
    } catch {
      return
    }
    if (readOrUndefined(aside) !== seen) createExclusive(this.path, readOrUndefined(aside) ?? '')
    removeIfExists(aside)
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text) as Partial<Owner>
    return typeof o.pid === 'number' && typeof o.startToken === 'string' && typeof o.threadId === 'number'
      ? (o as Owner)
      : undefined
  } catch {
    return undefined
  }
}
