import type { ApiResult } from './api-response.js'
import { jsonResult } from './api-response.js'
import type { TsdbStatus } from './tsdb-status.js'

/** The data of /api/v1/status/buildinfo. */
export interface BuildInfo {
  version: string
  revision: string
  branch: string
  buildUser: string
  buildDate: string
  goVersion: string
}

/** The data of /api/v1/status/runtimeinfo, with Prometheus's keys (Go's runtime fields filled from Node's). */
export interface RuntimeInfo {
  startTime: string
  CWD: string
  reloadConfigSuccess: boolean
  lastConfigTime: string
  corruptionCount: number
  goroutineCount: number
  GOMAXPROCS: number
  GOGC: string
  GODEBUG: string
  storageRetention: string
}

/** What the status endpoints report; the server entry implements it. */
export interface StatusSource {
  /** The running configuration as YAML. */
  configYaml(): string
  /** Every command-line flag with its value as a string. */
  flags(): Readonly<Record<string, string>>
  buildInfo(): BuildInfo
  runtimeInfo(): RuntimeInfo
  tsdbStatus(): Promise<TsdbStatus>
}

/** GET /api/v1/status/config */
export function statusConfig(source: StatusSource): ApiResult {
  return jsonResult({ yaml: source.configYaml() })
}

/** GET /api/v1/status/flags */
export function statusFlags(source: StatusSource): ApiResult {
  return jsonResult(source.flags())
}

/** GET /api/v1/status/buildinfo */
export function statusBuildInfo(source: StatusSource): ApiResult {
  return jsonResult(source.buildInfo())
}

/** GET /api/v1/status/runtimeinfo */
export function statusRuntimeInfo(source: StatusSource): ApiResult {
  return jsonResult(source.runtimeInfo())
}

/** GET /api/v1/status/tsdb */
export async function statusTsdb(source: StatusSource): Promise<ApiResult> {
  return jsonResult(await source.tsdbStatus())
}
