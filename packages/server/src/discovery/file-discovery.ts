import { watch, type FSWatcher } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, extname } from 'node:path'
import type { FileSdConfig } from '../config/config-types.js'
import { globFiles } from '../config/glob.js'
import { parseTargetGroups } from './parse-target-groups.js'
import { toTargetGroups, type Discoverer, type TargetGroup } from './target-group.js'

/** Where file SD reports problems; the server's logger in production, a collecting fake in tests. */
export type DiscoveryLog = (message: string) => void

/**
 * file_sd_configs: reads every file matching the patterns, re-reads on change (fs.watch on the
 * directories) and every refresh interval, as Prometheus does. A file that fails to parse keeps
 * its previous groups; a file that disappears withdraws its groups.
 */
export class FileDiscovery implements Discoverer {
  private readonly config: FileSdConfig
  private readonly log: DiscoveryLog
  /** Number of groups each file sent last time, to withdraw the ones that went away. */
  private readonly sent = new Map<string, number>()

  constructor(config: FileSdConfig, log: DiscoveryLog = () => {}) {
    this.config = config
    this.log = log
  }

  async run(signal: AbortSignal, send: (groups: TargetGroup[]) => void): Promise<void> {
    const watchers: FSWatcher[] = []
    let pending: NodeJS.Timeout | undefined
    const refresh = (): void => {
      this.refresh()
        .then((groups) => {
          if (!signal.aborted && groups.length > 0) send(groups)
        })
        .catch((err: unknown) => this.log(`cannot refresh file SD (${String(err)})`))
    }
    for (const dir of new Set(this.config.files.map((f) => dirname(f)))) {
      try {
        // Editors replace files by rename, so watch the directory rather than the files.
        const watcher = watch(dir, () => {
          clearTimeout(pending)
          pending = setTimeout(refresh, 50)
        })
        watcher.on('error', (err) => this.log(`cannot watch ${dir} (${err.message})`))
        watchers.push(watcher)
      } catch (err) {
        this.log(`cannot watch ${dir} (${(err as Error).message})`)
      }
    }
    refresh()
    const timer = setInterval(refresh, this.config.refreshIntervalMs)
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve()
      else signal.addEventListener('abort', () => resolve(), { once: true })
    })
    clearInterval(timer)
    clearTimeout(pending)
    for (const watcher of watchers) watcher.close()
  }

  /** Reads all files once; returns the changed groups (including withdrawals). */
  async refresh(): Promise<TargetGroup[]> {
    const files = new Set<string>()
    for (const pattern of this.config.files) for (const file of await globFiles(pattern)) files.add(file)
    const out: TargetGroup[] = []
    for (const file of files) {
      try {
        const text = await readFile(file, 'utf8')
        const format = extname(file).toLowerCase() === '.json' ? 'json' : 'yaml'
        const groups = toTargetGroups(parseTargetGroups(text, format), `${file}:`, { __meta_filepath: file })
        out.push(...groups, ...this.withdraw(file, groups.length))
        this.sent.set(file, groups.length)
      } catch (err) {
        this.log(`cannot read file SD file ${file} (${(err as Error).message})`)
      }
    }
    for (const file of [...this.sent.keys()]) {
      if (files.has(file)) continue
      out.push(...this.withdraw(file, 0))
      this.sent.delete(file)
    }
    return out
  }

  private withdraw(file: string, keep: number): TargetGroup[] {
    const out: TargetGroup[] = []
    for (let i = keep; i < (this.sent.get(file) ?? 0); i++)
      out.push({ source: `${file}:${i}`, targets: [], labels: {} })
    return out
  }
}
