import { randomBytes } from 'node:crypto'
import { isMainThread, threadId } from 'node:worker_threads'
import { onMetricRemoval } from '../metric-base.js'
import { register } from '../registry.js'
import type { Registry, RegistryContentType } from '../registry.js'
import { StateCapture } from './capture.js'
import { MetricsDirectory } from './directory.js'
import { MultiprocessError } from './errors.js'
import { selfOwner } from './liveness.js'
import { warnOnce } from './report.js'
import type { SlotFile, Tombstone } from './state.js'

/** Options of `enableMultiprocess`. */
export interface MultiprocessOptions {
  /** The directory shared by every worker; default `WATCHFIRE_MULTIPROC_DIR`. */
  directory?: string
  /** Registries whose metrics are shared; default the global `register`. */
  registers?: Registry<RegistryContentType>[]
  /** How often the state is written, in ms; default 1000. A SIGKILL loses at most this much. */
  flushIntervalMs?: number
  /** Receives problems (unreadable files, busy lock, failed flush); default: a process warning per message. */
  onError?: (error: Error) => void
}

/** The environment variable naming the shared directory. */
export const DIRECTORY_ENV = 'WATCHFIRE_MULTIPROC_DIR'
/** The default flush interval. */
export const DEFAULT_FLUSH_INTERVAL_MS = 1000

let active: MultiprocessWriter | undefined

/**
 * Shares this worker's metrics through a directory: claims a slot file and rewrites it with the whole state every
 * `flushIntervalMs` and at exit. Increments stay in memory (the hot path is unchanged). Call once per worker
 * process or thread; calling again returns the active writer, using the new `registers` if given.
 */
export function enableMultiprocess(options: MultiprocessOptions = {}): MultiprocessWriter {
  const directory = options.directory ?? process.env[DIRECTORY_ENV] ?? ''
  if (active !== undefined && !active.closed) {
    if (directory !== active.directory.path) {
      throw new MultiprocessError(
        `cannot enable multi-process metrics in ${directory} (already enabled in ${active.directory.path})`,
      )
    }
    if (options.registers !== undefined) active.setRegistries(options.registers)
    return active
  }
  const interval = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS
  if (!(Number.isInteger(interval) && interval > 0)) {
    throw new MultiprocessError(
      `cannot enable multi-process metrics (flushIntervalMs ${interval} must be a positive integer)`,
    )
  }
  const report = options.onError ?? warnOnce()
  active = new MultiprocessWriter(
    MetricsDirectory.open(directory, report),
    options.registers ?? [register],
    interval,
    report,
  )
  return active
}

/** One worker's link to the shared directory (see `enableMultiprocess`). */
export class MultiprocessWriter {
  /** The slot this worker writes. */
  readonly slot: number
  /** Unique to this claim of the slot. */
  readonly incarnation: string
  private registries: Registry<RegistryContentType>[]
  private readonly capture = new StateCapture()
  private readonly timer: NodeJS.Timeout
  private appliedSeq: number
  private tombstonesSeen = ''
  private stopRemovals: () => void
  private readonly signalHandlers = new Map<NodeJS.Signals, () => void>()
  private isClosed = false

  constructor(
    readonly directory: MetricsDirectory,
    registries: Registry<RegistryContentType>[],
    private readonly flushIntervalMs: number,
    private readonly report: (error: Error) => void,
  ) {
    this.registries = [...registries]
    this.incarnation = `${process.pid}-${threadId}-${randomBytes(8).toString('hex')}`
    const claimed = directory.claim((slot, appliedSeq) => this.slotFile(slot, appliedSeq, false))
    this.slot = claimed.slot
    this.appliedSeq = claimed.appliedSeq
    this.stopRemovals = onMetricRemoval((metric, labels) => {
      if (!this.registries.some((r) => r.getSingleMetric(metric.name) === metric)) return
      const values = labels === undefined ? null : metric.labelNames.map((n) => labels[n] ?? null)
      directory.recordRemoval(metric.name, values, this.incarnation)
      // This worker's file is exempt from its own removals (it applied them in memory): rewrite it now.
      this.flush()
    })
    this.timer = setInterval(() => this.flush(), flushIntervalMs)
    this.timer.unref()
    process.on('beforeExit', this.onBeforeExit)
    process.on('exit', this.onExit)
    if (isMainThread) {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const handler = (): void => this.onSignal(signal, handler)
        this.signalHandlers.set(signal, handler)
        process.on(signal, handler)
      }
    }
  }

  /** True once `close()` ran (or the process exited). */
  get closed(): boolean {
    return this.isClosed
  }

  /** The interval between flushes, in ms. */
  get intervalMs(): number {
    return this.flushIntervalMs
  }

  /** Shares the metrics of these registries from now on. */
  setRegistries(registries: Registry<RegistryContentType>[]): void {
    this.registries = [...registries]
  }

  /** Writes the current state now (after applying removals made by other processes). */
  flush(): void {
    if (this.isClosed) return
    this.write(false)
  }

  /**
   * Writes the final state and hands the slot over to the archive (at once if the directory lock is free,
   * otherwise at the next scrape or claim). Runs by itself at exit; call it when a thread or test is done.
   */
  close(): void {
    if (this.isClosed) return
    this.write(true)
    this.isClosed = true
    clearInterval(this.timer)
    this.stopRemovals()
    process.off('beforeExit', this.onBeforeExit)
    process.off('exit', this.onExit)
    for (const [signal, handler] of this.signalHandlers) process.off(signal, handler)
    if (active === this) active = undefined
    try {
      const file = this.directory.readSlot(`slot-${this.slot}.wfmp`)
      if (file?.file.incarnation === this.incarnation) this.directory.fold([file.file], 100)
    } catch (err) {
      // The final state is on disk: the next scrape or claim folds it.
      this.report(
        new MultiprocessError(`cannot hand slot ${this.slot} over at exit (${(err as Error).message})`),
      )
    }
  }

  private write(exited: boolean): void {
    try {
      this.applyRemovals()
      this.directory.writeSlot(this.slotFile(this.slot, this.appliedSeq, exited))
    } catch (err) {
      this.report(
        new MultiprocessError(`cannot flush metrics to ${this.directory.path} (${(err as Error).message})`, {
          cause: err,
        }),
      )
    }
  }

  private slotFile(slot: number, appliedSeq: number, exited: boolean): SlotFile {
    return {
      kind: 'slot',
      slot,
      incarnation: this.incarnation,
      owner: selfOwner(),
      flushedMs: Date.now(),
      appliedSeq,
      exited,
      metrics: this.capture.capture(this.registries),
    }
  }

  // Removals by other processes apply here too, so the next flush no longer carries the removed series.
  private applyRemovals(): void {
    const version = this.directory.tombstonesVersion()
    if (version === this.tombstonesSeen) return
    this.tombstonesSeen = version
    const tombstones = this.directory.readTombstones()
    for (const t of tombstones.entries)
      if (t.seq > this.appliedSeq && t.author !== this.incarnation) this.apply(t)
    this.appliedSeq = Math.max(this.appliedSeq, tombstones.nextSeq - 1)
  }

  private apply(t: Tombstone): void {
    for (const registry of this.registries) {
      const metric = registry.getSingleMetric(t.metric)
      if (metric === undefined) continue
      if (t.labels === null) {
        metric.table.reset()
        continue
      }
      const record: Record<string, string> = {}
      metric.labelNames.forEach((n, i) => {
        const v = t.labels?.[i]
        if (typeof v === 'string') record[n] = v
      })
      metric.table.remove([record])
    }
  }

  private readonly onBeforeExit = (): void => this.flush()
  private readonly onExit = (): void => this.close()

  // A signal listener replaces the default of exiting: if ours is the only one, finish and re-raise the signal.
  private onSignal(signal: NodeJS.Signals, handler: () => void): void {
    if (process.listenerCount(signal) > 1) {
      this.flush()
      return
    }
    this.close()
    process.off(signal, handler)
    process.kill(process.pid, signal)
  }
}
