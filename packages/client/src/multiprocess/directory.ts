import { accessSync, constants, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createExclusive, pidOfTemp, readIfExists, removeIfExists, writeAtomic } from './atomic-files.js'
import { DirectoryLock } from './directory-lock.js'
import { MultiprocessError, MultiprocessFileError } from './errors.js'
import { decodeFile, encodeFile } from './file-format.js'
import { emptyArchive, foldSlot, isFolded } from './fold.js'
import { isAlive } from './liveness.js'
import type { MergeSource } from './merge.js'
import { dropRemoved } from './tombstone-filter.js'
import type { ArchiveFile, SlotFile, Tombstone, TombstoneFile } from './state.js'

const SLOT_FILE = /^slot-(\d+)\.wfmp$/
const ARCHIVE = 'archive.wfmp'
const TOMBSTONES = 'tombstones.wfmp'
const LOCK = 'lock'
/** How long a scrape waits for the lock before leaving dead workers to the next one. */
const SCRAPE_LOCK_WAIT_MS = 20
/** How long a start-up or a removal waits for the lock. */
const WRITE_LOCK_WAIT_MS = 2000
const ABANDONED_AFTER_MS = 60_000

/** A slot file as read, with whether its owner still runs. */
export interface ReadSlot {
  file: SlotFile
  live: boolean
}

/**
 * The shared metrics directory: one slot file per live worker (reused after the worker is gone), the archive
 * of gone workers' totals, and the pending removals. Every file is replaced by rename, so readers never see a
 * partial write; every change to the archive or removals happens under the directory lock.
 */
export class MetricsDirectory {
  private readonly lock: DirectoryLock

  private constructor(
    readonly path: string,
    private readonly report: (error: Error) => void,
  ) {
    this.lock = new DirectoryLock(join(path, LOCK))
  }

  /** Opens (creating if needed) a directory; fails with a clear message if it is unusable or of another version. */
  static open(path: string, report: (error: Error) => void): MetricsDirectory {
    if (typeof path !== 'string' || path === '') {
      throw new MultiprocessError(
        'cannot enable multi-process metrics (no directory: pass `directory` or set WATCHFIRE_MULTIPROC_DIR)',
      )
    }
    try {
      mkdirSync(path, { recursive: true })
      accessSync(path, constants.R_OK | constants.W_OK | constants.X_OK)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err)
      throw new MultiprocessError(
        `cannot use metrics directory ${path} (not a writable directory: ${code})`,
        {
          cause: err,
        },
      )
    }
    const dir = new MetricsDirectory(path, report)
    const archive = join(path, ARCHIVE)
    const data = readIfExists(archive)
    if (data !== undefined) {
      try {
        decodeFile(archive, data)
      } catch (err) {
        if (err instanceof MultiprocessFileError && /format version/.test(err.message)) {
          throw new MultiprocessError(
            `cannot use metrics directory ${path} (${err.message}; empty the directory or use another one)`,
          )
        }
        report(err as Error)
      }
    }
    return dir
  }

  /** The path of slot `n`. */
  slotPath(n: number): string {
    return join(this.path, `slot-${n}.wfmp`)
  }

  /**
   * Claims the lowest free slot, first folding any slot whose owner is gone. `build(slot)` gives the initial
   * content. Slots are reused, so there are never more than the live workers plus those whose fold is pending.
   */
  claim(build: (slot: number, appliedSeq: number) => SlotFile): SlotFile {
    const appliedSeq = this.readTombstones().nextSeq - 1
    for (let n = 0; ; n++) {
      // Twice: a slot whose owner is gone is folded, then claimed.
      for (let attempt = 0; attempt < 2; attempt++) {
        const file = build(n, appliedSeq)
        try {
          if (createExclusive(this.slotPath(n), encodeFile(file))) return file
        } catch (err) {
          throw new MultiprocessError(
            `cannot claim a slot in metrics directory ${this.path} (${messageOf(err)})`,
            { cause: err },
          )
        }
        const existing = this.readSlot(`slot-${n}.wfmp`)
        if (existing === undefined || existing.live) break
        this.fold([existing.file], WRITE_LOCK_WAIT_MS)
      }
    }
  }

  /** Replaces a worker's slot file with its latest state. */
  writeSlot(file: SlotFile): void {
    writeAtomic(this.slotPath(file.slot), encodeFile(file))
  }

  /** Folds gone workers into the archive, quarantines unreadable slot files and removes dead writers' temp files. */
  sweep(): void {
    const dead: SlotFile[] = []
    for (const name of this.names()) {
      const tempPid = pidOfTemp(name)
      if (tempPid !== undefined) {
        if (!isAlive({ pid: tempPid, startToken: '', threadId: 0 })) removeIfExists(join(this.path, name))
        continue
      }
      if (!SLOT_FILE.test(name)) continue
      const slot = this.readSlot(name)
      if (slot === undefined) this.quarantineIfAbandoned(name)
      else if (!slot.live) dead.push(slot.file)
    }
    if (dead.length > 0) this.fold(dead, SCRAPE_LOCK_WAIT_MS)
  }

  /** What a scrape merges: live and unfolded slots (removals applied), then the archive. */
  sources(): MergeSource[] {
    const slots: ReadSlot[] = []
    // Slots are read before the archive: a slot folded in between is then found in the archive's folded list.
    for (const name of this.names()) {
      if (!SLOT_FILE.test(name)) continue
      const slot = this.readSlot(name)
      if (slot !== undefined) slots.push(slot)
    }
    const archive = this.readArchive() ?? emptyArchive(0)
    const tombstones = this.readTombstones().entries
    const out: MergeSource[] = []
    for (const { file, live } of slots) {
      if (isFolded(archive, file.slot, file.incarnation)) continue
      dropRemoved(file.metrics, tombstones, file.appliedSeq, file.incarnation)
      out.push({ metrics: file.metrics, live, pid: file.owner.pid })
    }
    dropRemoved(archive.metrics, tombstones, archive.appliedSeq, undefined)
    out.push({ metrics: archive.metrics, live: false, pid: undefined })
    return out
  }

  /** Records a removal for every process (and applies it to the archive); returns its sequence number. */
  recordRemoval(metric: string, labels: Array<string | null> | null, author: string): number | undefined {
    const done = this.lock.withLock(WRITE_LOCK_WAIT_MS, () => {
      const tombstones = this.readTombstones()
      const entry: Tombstone = { seq: tombstones.nextSeq, metric, labels, author }
      tombstones.entries.push(entry)
      tombstones.nextSeq++
      writeAtomic(join(this.path, TOMBSTONES), encodeFile(tombstones))
      const archive = this.readArchive()
      if (archive !== undefined) {
        dropRemoved(archive.metrics, tombstones.entries, archive.appliedSeq, undefined)
        archive.appliedSeq = entry.seq
        writeAtomic(join(this.path, ARCHIVE), encodeFile(archive))
      }
      return entry.seq
    })
    if (done === undefined) {
      this.report(
        new MultiprocessError(`cannot record the removal of a ${metric} series (directory lock busy)`),
      )
    }
    return done?.value
  }

  /** The pending removals (empty if none or unreadable). */
  readTombstones(): TombstoneFile {
    const path = join(this.path, TOMBSTONES)
    const file = this.decode<TombstoneFile>(path, 'tombstones')
    return file ?? { kind: 'tombstones', nextSeq: 1, entries: [] }
  }

  /** Reads one slot file; unreadable ones are reported and skipped. */
  readSlot(name: string): ReadSlot | undefined {
    const file = this.decode<SlotFile>(join(this.path, name), 'slot')
    if (file === undefined) return undefined
    return { file, live: !file.exited && isAlive(file.owner) }
  }

  /** Folds `slots` (whose owners are gone) into the archive, exactly once each, and frees their slots. */
  fold(slots: readonly SlotFile[], lockWaitMs: number): void {
    this.lock.withLock(lockWaitMs, () => {
      const tombstones = this.readTombstones()
      let archive = this.readArchive()
      if (archive === undefined) {
        const archivePath = join(this.path, ARCHIVE)
        // Unreadable: keep it aside for inspection rather than silently folding into nothing.
        if (readIfExists(archivePath) !== undefined)
          renameSync(archivePath, join(this.path, 'archive.corrupt'))
        archive = emptyArchive(tombstones.nextSeq - 1)
      }
      dropRemoved(archive.metrics, tombstones.entries, archive.appliedSeq, undefined)
      archive.appliedSeq = tombstones.nextSeq - 1
      const freed: string[] = []
      for (const seen of slots) {
        // Re-read under the lock: another process may have folded and reused the slot meanwhile.
        const current = this.readSlot(`slot-${seen.slot}.wfmp`)
        if (current === undefined || current.live || current.file.incarnation !== seen.incarnation) continue
        foldSlot(archive, current.file, tombstones.entries, (m) => this.report(new MultiprocessError(m)))
        freed.push(this.slotPath(seen.slot))
      }
      if (freed.length === 0) return
      writeAtomic(join(this.path, ARCHIVE), encodeFile(archive))
      for (const path of freed) removeIfExists(path)
      this.compactTombstones(tombstones, archive)
    })
  }

  // Drops removals every remaining state already reflects, so the file does not grow with history.
  private compactTombstones(tombstones: TombstoneFile, archive: ArchiveFile): void {
    if (tombstones.entries.length === 0) return
    let min = archive.appliedSeq
    for (const name of this.names()) {
      if (!SLOT_FILE.test(name)) continue
      const slot = this.readSlot(name)
      if (slot !== undefined) min = Math.min(min, slot.file.appliedSeq)
    }
    const kept = tombstones.entries.filter((t) => t.seq > min)
    if (kept.length === tombstones.entries.length) return
    writeAtomic(join(this.path, TOMBSTONES), encodeFile({ ...tombstones, entries: kept }))
  }

  private readArchive(): ArchiveFile | undefined {
    return this.decode<ArchiveFile>(join(this.path, ARCHIVE), 'archive')
  }

  private names(): string[] {
    try {
      return readdirSync(this.path)
    } catch (err) {
      this.report(new MultiprocessError(`cannot list metrics directory ${this.path} (${messageOf(err)})`))
      return []
    }
  }

  private decode<T extends { kind: string }>(path: string, kind: T['kind']): T | undefined {
    let data: Buffer | undefined
    try {
      data = readIfExists(path)
    } catch (err) {
      this.report(new MultiprocessFileError(path, `cannot read metrics file ${path} (${messageOf(err)})`))
      return undefined
    }
    if (data === undefined) return undefined
    try {
      const value = decodeFile(path, data)
      if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== kind) {
        throw new MultiprocessFileError(path, `cannot read metrics file ${path} (not a ${kind} file)`)
      }
      return value as T
    } catch (err) {
      this.report(err as Error)
      return undefined
    }
  }

  /** Identifies the current removals file (to skip re-reading it unchanged); '' if there is none. */
  tombstonesVersion(): string {
    try {
      const st = statSync(join(this.path, TOMBSTONES))
      return `${st.ino}:${st.mtimeMs}:${st.size}`
    } catch {
      return ''
    }
  }

  // Owners rewrite their slot every flush, so an unreadable slot untouched for a minute is abandoned: it is
  // moved aside (one per slot number, so they stay bounded) and the slot becomes free.
  private quarantineIfAbandoned(name: string): void {
    const path = join(this.path, name)
    try {
      if (Date.now() - statSync(path).mtimeMs < ABANDONED_AFTER_MS) return
      renameSync(path, path.replace(/\.wfmp$/, '.corrupt'))
      this.report(
        new MultiprocessFileError(path, `cannot read metrics file ${path} (moved aside as .corrupt)`),
      )
    } catch {
      // Gone or replaced meanwhile: nothing to do.
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
