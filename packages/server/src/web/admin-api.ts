import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { Matcher } from '@watchfire/model'
import { ApiError, invalidParam } from './api-error.js'
import { writeError, writeSuccess } from './api-response.js'
import { MAX_TIME_MS, MIN_TIME_MS, parseTimeParam } from './api-params.js'
import { parseMatchersParam } from './matchers-param.js'
import { ApiForm } from './request-body.js'

/** The TSDB operations the admin API drives; `DB` from @watchfire/tsdb is one. */
export interface AdminTsdb {
  /** The data directory; snapshots go under `<dir>/snapshots/`. */
  readonly dir: string
  deleteSeries(mint: number, maxt: number, ...matchers: Matcher[]): Promise<void>
  cleanTombstones(): Promise<void>
  snapshot(dir: string, withHead: boolean): Promise<void>
}

/** The admin API's settings: off unless --web.enable-admin-api. */
export interface AdminApi {
  enabled: boolean
  tsdb: AdminTsdb
  /** Clock for snapshot names; defaults to Date.now. */
  now?: () => number
}

type AdminCall = (api: AdminApi, form: ApiForm) => Promise<string | undefined>

const ADMIN_METHODS = ['POST', 'PUT']
// Go's strconv.ParseBool.
const BOOLS: Readonly<Record<string, boolean>> = {
  '1': true,
  t: true,
  T: true,
  true: true,
  TRUE: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  false: false,
  FALSE: false,
  False: false,
}

async function deleteSeries(api: AdminApi, form: ApiForm): Promise<undefined> {
  const selectors = form.getAll('match[]')
  if (selectors.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided')
  let start: number
  let end: number
  try {
    start = parseTimeParam(form.get('start'), 'start', MIN_TIME_MS)
  } catch (err) {
    throw invalidParam('start', (err as Error).message, err)
  }
  try {
    end = parseTimeParam(form.get('end'), 'end', MAX_TIME_MS)
  } catch (err) {
    throw invalidParam('end', (err as Error).message, err)
  }
  let sets: Matcher[][]
  try {
    sets = parseMatchersParam(selectors)
  } catch (err) {
    throw invalidParam('match[]', (err as Error).message, err)
  }
  for (const matchers of sets) {
    try {
      await api.tsdb.deleteSeries(start, end, ...matchers)
    } catch (err) {
      throw new ApiError('internal', (err as Error).message, { cause: err })
    }
  }
  return undefined
}

async function cleanTombstones(api: AdminApi): Promise<undefined> {
  try {
    await api.tsdb.cleanTombstones()
  } catch (err) {
    throw new ApiError('internal', (err as Error).message, { cause: err })
  }
  return undefined
}

/** Go's time.Format("20060102T150405Z0700") in UTC. */
function snapshotTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

async function snapshot(api: AdminApi, form: ApiForm): Promise<string> {
  const raw = form.get('skip_head') ?? ''
  const skipHead = raw === '' ? false : BOOLS[raw]
  if (skipHead === undefined)
    throw invalidParam(
      'skip_head',
      `unable to parse boolean: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`,
    )
  const name = `${snapshotTime((api.now ?? Date.now)())}-${randomBytes(8).toString('hex')}`
  try {
    await api.tsdb.snapshot(join(api.tsdb.dir, 'snapshots', name), !skipHead)
  } catch (err) {
    throw new ApiError('internal', `create snapshot: ${(err as Error).message}`, { cause: err })
  }
  return JSON.stringify({ name })
}

const ADMIN_ROUTES: Readonly<Record<string, AdminCall>> = {
  '/admin/tsdb/delete_series': deleteSeries,
  '/admin/tsdb/clean_tombstones': cleanTombstones,
  '/admin/tsdb/snapshot': snapshot,
}

/** Whether `path` (below /api/v1) is an admin endpoint. */
export function isAdminPath(path: string): boolean {
  return ADMIN_ROUTES[path] !== undefined
}

/**
 * POST/PUT /api/v1/admin/tsdb/{delete_series,clean_tombstones,snapshot} with Prometheus's
 * semantics: deletions and cleaning answer 204, a snapshot its directory name under
 * `<data>/snapshots/`. While disabled every call is refused as Prometheus 2.42 refuses it
 * (errorType "unavailable", "admin APIs disabled"), before its parameters are looked at.
 */
export async function serveAdmin(
  api: AdminApi | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
): Promise<void> {
  const call = ADMIN_ROUTES[path] as AdminCall
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { Allow: `OPTIONS, ${ADMIN_METHODS.join(', ')}` })
    res.end()
    return
  }
  if (!ADMIN_METHODS.includes(req.method ?? '')) {
    res.writeHead(405, {
      Allow: `OPTIONS, ${ADMIN_METHODS.join(', ')}`,
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    })
    res.end('Method Not Allowed\n')
    return
  }
  try {
    if (api === undefined || !api.enabled) throw new ApiError('unavailable', 'admin APIs disabled')
    const data = await call(api, await ApiForm.read(req, url))
    if (data === undefined) {
      res.writeHead(204)
      res.end()
    } else writeSuccess(res, { data })
  } catch (err) {
    writeError(res, err)
  }
}
