import { availableParallelism } from 'node:os'
import type { DB } from '@watchfire/tsdb'
import { formatDuration } from './config/duration.js'
import { marshalConfig } from './config/marshal-config.js'
import { redactConfigYaml } from './config/secret.js'
import type { ServerConfig } from './server-config.js'
import { SERVER_VERSION } from './server-metrics.js'
import { MAX_TIME_MS, MIN_TIME_MS } from './web/api-params.js'
import type { BuildInfo, RuntimeInfo, StatusSource } from './web/status-api.js'
import { formatRfc3339 } from './web/targets-api.js'
import { computeTsdbStatus, type TsdbStatus } from './web/tsdb-status.js'

/** The running configuration re-marshalled as Prometheus prints it (defaults filled in, secrets as `<secret>`). */
export function runningConfigYaml(config: ServerConfig): string {
  const current = config.current
  // Before the first load there is only the text; it is shown redacted, never raw.
  return current === undefined ? redactConfigYaml(config.yaml) : marshalConfig(current)
}

/** What the status endpoints read from the storage: the TSDB's, or the agent's WAL-only one. */
export interface StatusStorage {
  walCorruptions(): number
  /** `storageRetention` as runtimeinfo shows it; '' for none. */
  retention(): string
  tsdbStatus(): Promise<TsdbStatus>
}

/** The TSDB's side of the status endpoints, with the retention the server was started with. */
export function tsdbStatusStorage(db: DB, retentionMs: number): StatusStorage {
  return {
    walCorruptions: () => db.stats().walCorruptions,
    retention: () => (retentionMs === 0 ? '' : formatDuration(retentionMs)),
    tsdbStatus: () => computeTsdbStatus(db, db.stats(), MIN_TIME_MS, MAX_TIME_MS),
  }
}

/** The status endpoints' data for a running server or agent. */
export class ServerStatus implements StatusSource {
  private readonly startMs = Date.now()
  private readonly config: ServerConfig
  private readonly storage: StatusStorage
  private readonly flagValues: Readonly<Record<string, string>>

  constructor(config: ServerConfig, storage: StatusStorage, flags: Readonly<Record<string, string>>) {
    this.config = config
    this.storage = storage
    this.flagValues = flags
  }

  configYaml(): string {
    return runningConfigYaml(this.config)
  }

  flags(): Readonly<Record<string, string>> {
    return this.flagValues
  }

  buildInfo(): BuildInfo {
    return {
      version: SERVER_VERSION,
      revision: '',
      branch: '',
      buildUser: '',
      buildDate: '',
      goVersion: process.version,
    }
  }

  runtimeInfo(): RuntimeInfo {
    const last = this.config.lastSuccessMs
    return {
      startTime: formatRfc3339(this.startMs),
      CWD: process.cwd(),
      reloadConfigSuccess: this.config.lastSuccess,
      lastConfigTime: formatRfc3339(last - (last % 1000)),
      corruptionCount: this.storage.walCorruptions(),
      goroutineCount: 1,
      GOMAXPROCS: availableParallelism(),
      GOGC: '',
      GODEBUG: '',
      storageRetention: this.storage.retention(),
    }
  }

  tsdbStatus(): Promise<TsdbStatus> {
    return this.storage.tsdbStatus()
  }
}
