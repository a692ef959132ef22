import { WatchfireError } from '@watchfire/model'
import { defineCommand } from './command.js'
import { formatTable, resultRows, type QueryData } from './query-table.js'

const flags = {
  server: { type: 'string', help: 'The server to query.', default: 'http://127.0.0.1:9090' },
  time: { type: 'string', help: 'Instant query: evaluation time (RFC 3339 or unix seconds); default now.' },
  start: { type: 'string', help: 'Range query: start time (RFC 3339 or unix seconds).' },
  end: { type: 'string', help: 'Range query: end time; default now.' },
  step: {
    type: 'string',
    help: 'Range query: resolution (duration or seconds); default a 250th of the range.',
  },
} as const

interface ApiResponse {
  status: 'success' | 'error'
  data?: QueryData
  errorType?: string
  error?: string
  warnings?: string[]
  infos?: string[]
}

/** `watchfire query instant|range <expr>`: runs a query against a server and prints a table. */
export default defineCommand({
  summary:
    'Run a PromQL query against a server (query instant <expr> | query range <expr> --start=…) and print a table.',
  flags,
  async run(f, io) {
    const [kind, expr, ...extra] = f._
    if ((kind !== 'instant' && kind !== 'range') || expr === undefined || extra.length > 0) {
      io.stderr.write(
        'usage: watchfire query instant <expr> [--time=…] | query range <expr> --start=… [--end=…] [--step=…]\n',
      )
      return 2
    }
    const form = new URLSearchParams({ query: expr })
    if (kind === 'instant') {
      if (f.time !== undefined) form.set('time', f.time)
    } else {
      const nowSeconds = Date.now() / 1000
      if (f.start === undefined) throw new WatchfireError('ERR_FLAG', 'a range query needs --start')
      form.set('start', f.start)
      form.set('end', f.end ?? String(nowSeconds))
      if (f.step !== undefined) form.set('step', f.step)
      else {
        const startSeconds = Number(f.start)
        const endSeconds = Number(f.end ?? nowSeconds)
        if (!Number.isFinite(startSeconds) || !Number.isFinite(endSeconds))
          throw new WatchfireError('ERR_FLAG', 'give --step when --start or --end is not in unix seconds')
        form.set('step', String(Math.max(1, Math.ceil((endSeconds - startSeconds) / 250))))
      }
    }
    const url = `${(f.server ?? '').replace(/\/$/, '')}/api/v1/${kind === 'instant' ? 'query' : 'query_range'}`
    let body: ApiResponse
    try {
      const res = await fetch(url, { method: 'POST', body: form, signal: io.signal })
      body = (await res.json()) as ApiResponse
    } catch (err) {
      io.stderr.write(`cannot query ${url}: ${(err as Error).message}\n`)
      return 1
    }
    if (body.status !== 'success' || body.data === undefined) {
      io.stderr.write(`query error: ${body.errorType ?? 'unknown'}: ${body.error ?? ''}\n`)
      return 1
    }
    for (const w of body.warnings ?? []) io.stderr.write(`warning: ${w}\n`)
    for (const i of body.infos ?? []) io.stderr.write(`info: ${i}\n`)
    io.stdout.write(formatTable(['SERIES', 'TIMESTAMP', 'VALUE'], resultRows(body.data)))
    return 0
  },
})
