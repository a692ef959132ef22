import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The endpoint behind the generated Alertmanager config's log receiver. */
export interface LogReceiver {
  /** Where the Alertmanager POSTs its webhook notifications. */
  url: string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (isRecord(v)) for (const [k, s] of Object.entries(v)) if (typeof s === 'string') out[k] = s
  return out
}

const quote = (s: string): string => (/^[\w.:/-]+$/.test(s) ? s : JSON.stringify(s))

/**
 * One logfmt line per alert of an Alertmanager webhook payload: status, labels, then the summary
 * annotation. Anything that is not a webhook payload yields a single line saying so.
 */
export function formatNotification(payload: unknown, now: Date = new Date()): string[] {
  const alerts = isRecord(payload) && Array.isArray(payload['alerts']) ? payload['alerts'] : undefined
  if (alerts === undefined)
    return [`ts=${now.toISOString()} component=alert-log level=warn msg="not a webhook payload"`]
  return alerts.map((alert: unknown) => {
    const a = isRecord(alert) ? alert : {}
    const status = typeof a['status'] === 'string' ? a['status'] : 'unknown'
    let line = `ts=${now.toISOString()} component=alert-log level=info msg="alert ${quote(status)}"`
    for (const [k, v] of Object.entries(strings(a['labels']))) line += ` ${k}=${quote(v)}`
    const summary = strings(a['annotations'])['summary']
    if (summary !== undefined) line += ` summary=${quote(summary)}`
    return line
  })
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`notification larger than ${MAX_BODY_BYTES} bytes`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Starts the log receiver on loopback (a free port): every notification the Alertmanager POSTs is
 * written to `write` as logfmt lines, so `watchfire up` shows alerts on its terminal with no mail set up.
 */
export async function startLogReceiver(write: (line: string) => void): Promise<LogReceiver> {
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end()
      return
    }
    readBody(req).then(
      (body) => {
        let payload: unknown
        try {
          payload = JSON.parse(body)
        } catch {
          payload = undefined
        }
        for (const line of formatNotification(payload)) write(`${line}\n`)
        res.writeHead(200).end()
      },
      (err: unknown) => {
        if (!res.headersSent) res.writeHead(413).end(`${(err as Error).message}\n`)
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
