import type { MetricFamily } from '@watchfire/model'
import type { Collector } from '../collector.js'
import { MetricsDirectory } from './directory.js'
import { mergeSources } from './merge.js'
import { MultiprocessError } from './errors.js'
import { warnOnce } from './report.js'
import { DIRECTORY_ENV } from './writer.js'

/** Options of `MultiprocessCollector`. */
export interface MultiprocessCollectorOptions {
  /** The shared directory; default `WATCHFIRE_MULTIPROC_DIR`. */
  directory?: string
  /** Receives problems (unreadable files, conflicting definitions); default: a process warning per message. */
  onError?: (error: Error) => void
}

/**
 * Exposes the merged metrics of every worker sharing a directory: the archive of gone workers plus each live
 * worker's last flush. It reads files only (no messages to workers), so a busy or hung worker cannot stall a
 * scrape: it is exposed as of its last flush. Register it in a registry of its own in the process serving
 * /metrics (any worker or the cluster primary).
 */
export class MultiprocessCollector implements Collector {
  private readonly directory: MetricsDirectory
  private readonly onError: (error: Error) => void
  // A scrape reads a file more than once; each problem is reported once per scrape.
  private reported = new Set<string>()

  constructor(options: MultiprocessCollectorOptions = {}) {
    this.onError = options.onError ?? warnOnce()
    this.directory = MetricsDirectory.open(options.directory ?? process.env[DIRECTORY_ENV] ?? '', (e) =>
      this.report(e),
    )
  }

  /** Folds gone workers, then merges the archive with the live workers' states. */
  collect(): MetricFamily[] {
    this.reported = new Set()
    try {
      this.directory.sweep()
    } catch (err) {
      // Folding is housekeeping: the scrape still serves the states as they are.
      this.report(
        new MultiprocessError(`cannot fold gone workers (${(err as Error).message})`, { cause: err }),
      )
    }
    return mergeSources(this.directory.sources(), (m) => this.report(new MultiprocessError(m)))
  }

  private report(error: Error): void {
    if (this.reported.has(error.message)) return
    this.reported.add(error.message)
    this.onError(error)
  }
}
