import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { uncompress } from 'snappyjs'
import { decodeWriteRequest, type WriteSeries } from '../web/remote-write-decode.js'

/** How the receiver answers one request. */
export interface Reply {
  status: number
  headers?: Record<string, string>
  /** Answer only after this long (a slow receiver). */
  delayMs?: number
}

/**
 * An in-process remote-write receiver for tests: decodes each request with the server's own
 * decoder, answers as `reply` says, and keeps the samples of requests it answered 2xx, keyed by
 * series, so tests can count losses and duplicates.
 */
export class FakeReceiver {
  /** Samples accepted per series (labels as text): timestamps in arrival order. */
  readonly accepted = new Map<string, number[]>()
  /** Every request seen, with the time it arrived and what was in it. */
  readonly requests: { atMs: number; series: WriteSeries[]; headers: IncomingMessage['headers'] }[] = []
  reply: (index: number, series: WriteSeries[]) => Reply = () => ({ status: 204 })

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeReceiver> {
    const box: { self?: FakeReceiver } = {}
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const r = box.self as FakeReceiver
        const series = decodeWriteRequest(uncompress(Buffer.concat(chunks)))
        const index = r.requests.length
        r.requests.push({ atMs: Date.now(), series, headers: req.headers })
        const reply = r.reply(index, series)
        const answer = (): void => {
          if (res.destroyed) return
          if (reply.status >= 200 && reply.status < 300) r.accept(series)
          res.writeHead(reply.status, reply.headers)
          res.end(reply.status >= 400 ? `fake receiver says ${reply.status}` : '')
        }
        if (reply.delayMs === undefined) answer()
        else setTimeout(answer, reply.delayMs)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    box.self = new FakeReceiver(server, `http://127.0.0.1:${port}/api/v1/write`)
    return box.self
  }

  private accept(series: WriteSeries[]): void {
    for (const s of series) {
      const key = s.labels.toString()
      let ts = this.accepted.get(key)
      if (ts === undefined) this.accepted.set(key, (ts = []))
      ts.push(...s.timestamps, ...s.histograms.map((h) => h.t))
    }
  }

  /** Samples accepted in total. */
  get total(): number {
    let n = 0
    for (const ts of this.accepted.values()) n += ts.length
    return n
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }
}
