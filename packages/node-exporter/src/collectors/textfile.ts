import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Collector } from '@watchfire/client'
import { parseText } from '@watchfire/model'
import type { LabelRecord, Metric, MetricFamily } from '@watchfire/model'
import { family, gauge, sample } from '../family.js'
import type { Logger } from '../logger.js'
import { SILENT_LOGGER } from '../logger.js'

/** Options of {@link TextfileCollector}. */
export interface TextfileCollectorOptions {
  /** `--collector.textfile.directory`; empty reads nothing. */
  directory: string
  logger?: Logger
}

interface ParsedFile {
  path: string
  mtimeSeconds: number
  families: MetricFamily[]
}

/**
 * The `textfile` collector: merges the `*.prom` files of a directory (written by cron jobs and the like)
 * into the scrape. A file that cannot be read or parsed, or that carries timestamps, is skipped and
 * reported through `node_textfile_scrape_error 1`; it never fails the scrape.
 */
export class TextfileCollector implements Collector {
  private readonly directory: string
  private readonly logger: Logger

  constructor(options: TextfileCollectorOptions) {
    this.directory = options.directory
    this.logger = options.logger ?? SILENT_LOGGER
  }

  async collect(): Promise<MetricFamily[]> {
    let errored = false
    let names: string[] = []
    if (this.directory !== '') {
      try {
        names = (await readdir(this.directory)).filter((n) => n.endsWith('.prom')).sort()
      } catch (err) {
        errored = true
        this.logger.error('failed to read textfile collector directory', { path: this.directory, err })
      }
    }
    const files = await Promise.all(names.map((n) => this.readOne(join(this.directory, n))))
    const merged = new Map<string, { family: MetricFamily; files: string[]; seen: Set<string> }>()
    for (const file of files) {
      if (file === undefined) {
        errored = true
        continue
      }
      for (const f of file.families) {
        const entry = merged.get(f.name)
        if (entry === undefined) {
          merged.set(f.name, { family: { ...f, metrics: [] }, files: [file.path], seen: new Set() })
        } else if (
          entry.family.type !== f.type ||
          (f.help !== '' && entry.family.help !== '' && f.help !== entry.family.help)
        ) {
          errored = true
          this.logger.error('metric family is inconsistent across textfiles, skipping it', {
            name: f.name,
            file: file.path,
          })
          continue
        } else {
          entry.files.push(file.path)
          if (entry.family.help === '') entry.family.help = f.help
        }
        const target = merged.get(f.name)
        if (target === undefined) continue
        for (const m of f.metrics) {
          const key = seriesKey(m.labels)
          if (target.seen.has(key)) {
            errored = true
            this.logger.error('duplicate series in textfiles, skipping it', { name: f.name, file: file.path })
            continue
          }
          target.seen.add(key)
          target.family.metrics.push(m)
        }
      }
    }
    const out: MetricFamily[] = []
    for (const { family: f, files: from } of merged.values()) {
      if (f.help === '') f.help = `Metric read from ${from.join(', ')}`
      f.metrics = padLabels(f.metrics)
      out.push(f)
    }
    const mtimes = files.filter((f): f is ParsedFile => f !== undefined)
    if (mtimes.length > 0) {
      out.push(
        family(
          'node_textfile_mtime_seconds',
          'Unixtime mtime of textfiles successfully read.',
          'gauge',
          mtimes.map((f) => sample(f.mtimeSeconds, { file: f.path })),
        ),
      )
    }
    out.push(
      gauge(
        'node_textfile_scrape_error',
        '1 if there was an error opening or reading a file, 0 otherwise',
        errored ? 1 : 0,
      ),
    )
    return out
  }

  private async readOne(path: string): Promise<ParsedFile | undefined> {
    try {
      const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
      const families = parseText(text)
      if (families.some((f) => f.metrics.some((m) => m.timestampMs !== undefined))) {
        this.logger.error('textfile contains unsupported client-side timestamps, skipping entire file', {
          file: path,
        })
        return undefined
      }
      return { path, mtimeSeconds: Math.floor(info.mtimeMs / 1000), families }
    } catch (err) {
      this.logger.error('failed to collect textfile data', { file: path, err })
      return undefined
    }
  }
}

function seriesKey(labels: LabelRecord): string {
  return Object.keys(labels)
    .filter((k) => labels[k] !== '')
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001')
}

// Every metric of a family carries every label name of the family, missing ones empty, as the Go
// client requires of const metrics; names are written in sorted order as the Go client writes them.
function padLabels(metrics: Metric[]): Metric[] {
  const names = new Set<string>()
  for (const m of metrics) for (const n in m.labels) names.add(n)
  const sorted = [...names].sort()
  return metrics.map((m) => {
    const labels: Record<string, string> = {}
    for (const n of sorted) labels[n] = m.labels[n] ?? ''
    return { ...m, labels }
  })
}
