import type { ServerResponse } from 'node:http'
import { ApiError } from './api-error.js'

/** A successful API call: `data` already serialised, plus the query's annotations. */
export interface ApiResult {
  /** The JSON text of `data`. */
  data: string
  warnings?: readonly string[]
  infos?: readonly string[]
}

/** Wraps a value serialised with JSON.stringify as an ApiResult. */
export function jsonResult(data: unknown): ApiResult {
  return { data: JSON.stringify(data) }
}

function annotations(warnings: readonly string[] | undefined, infos: readonly string[] | undefined): string {
  let out = ''
  // Prometheus leaves both arrays out when they are empty.
  if (warnings !== undefined && warnings.length > 0) out += `,"warnings":${JSON.stringify(warnings)}`
  if (infos !== undefined && infos.length > 0) out += `,"infos":${JSON.stringify(infos)}`
  return out
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  })
  res.end(body)
}

/** Writes `{"status":"success","data":…}` with status 200. */
export function writeSuccess(res: ServerResponse, result: ApiResult): void {
  send(res, 200, `{"status":"success","data":${result.data}${annotations(result.warnings, result.infos)}}`)
}

/** Writes `{"status":"error","errorType":…,"error":…}` with the status of its error type. */
export function writeError(res: ServerResponse, err: unknown): void {
  const apiError =
    err instanceof ApiError ? err : new ApiError('internal', err instanceof Error ? err.message : String(err))
  const body = `{"status":"error","errorType":"${apiError.errorType}","error":${JSON.stringify(apiError.message)}}`
  send(res, apiError.status, body)
}
