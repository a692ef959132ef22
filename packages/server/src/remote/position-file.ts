import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { WatchfireError } from '@watchfire/model'
import type { WalPosition } from './send-tracker.js'

/** What a queue persists: where to resume reading the WAL, and what was delivered past that point. */
export interface SavedPosition extends WalPosition {
  /** Series ref → newest delivered timestamp, for records after the position (see SendTracker). */
  sent: Map<number, number>
}

/** A position file that exists but cannot be read. */
export class PositionFileError extends WatchfireError {
  constructor(path: string, reason: string) {
    super('ERR_REMOTE_POSITION', `cannot read remote-write position (${path}: ${reason})`)
  }
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0
}

/**
 * A queue's resume point in the data directory, written atomically (temporary file, then rename)
 * so a crash leaves either the old or the new position, never half of one.
 */
export class PositionFile {
  constructor(readonly path: string) {}

  /** The saved position, or undefined when there is none yet. */
  load(): SavedPosition | undefined {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new PositionFileError(this.path, (err as Error).message)
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (err) {
      throw new PositionFileError(this.path, (err as Error).message)
    }
    if (typeof data !== 'object' || data === null) throw new PositionFileError(this.path, 'not an object')
    const { segment, offset, sent } = data as Record<string, unknown>
    if (!isCount(segment) || !isCount(offset)) throw new PositionFileError(this.path, 'bad segment or offset')
    const out: SavedPosition = { segment, offset, sent: new Map() }
    if (!Array.isArray(sent)) return out
    for (const pair of sent as unknown[]) {
      if (!Array.isArray(pair) || !isCount(pair[0]) || typeof pair[1] !== 'number')
        throw new PositionFileError(this.path, 'bad sent entry')
      out.sent.set(pair[0], pair[1])
    }
    return out
  }

  /** Replaces the saved position. */
  save(position: WalPosition, sent: Iterable<readonly [number, number]>, meta: Record<string, string>): void {
    mkdirSync(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.tmp`
    writeFileSync(
      tmp,
      JSON.stringify({ ...meta, segment: position.segment, offset: position.offset, sent: [...sent] }),
    )
    renameSync(tmp, this.path)
  }
}
