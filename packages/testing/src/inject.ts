import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import type { Socket } from 'node:net'
import { Duplex } from 'node:stream'
import { gunzipSync } from 'node:zlib'

/** A `node:http` request listener: an Express app, a `metricsHandler(registry)`, a plain handler. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => unknown

/** A request to hand to an {@link HttpHandler} in-process. */
export interface InjectRequest {
  /** Default `GET`. */
  method?: string
  /** Path and query, default `/`. */
  url?: string
  headers?: Readonly<Record<string, string>>
  body?: string | Uint8Array
}

/** What the handler answered; a gzip body is already decompressed, as `fetch` does. */
export interface InjectResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  /** The body as UTF-8 text. */
  text(): string
}

/** Two in-memory stream ends: what one writes, the other reads. */
function socketPair(): [Duplex, Duplex] {
  const ends: Duplex[] = []
  const end = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        peer().push(chunk)
        callback()
      },
      final(callback) {
        peer().push(null)
        callback()
      },
      // A destroyed end hangs up on its peer, as a closed TCP socket would.
      destroy(err, callback) {
        peer().push(null)
        callback(err)
      },
    })
  ends.push(
    end(() => ends[1] as Duplex),
    end(() => ends[0] as Duplex),
  )
  return [ends[0] as Duplex, ends[1] as Duplex]
}

/**
 * Sends one HTTP request to `handler` through Node's own HTTP server and client joined by an
 * in-memory socket: real parsing, headers, chunking and events (`finish`, `close`) as over TCP,
 * but no port, no listener and no network. A handler that throws synchronously gets its socket
 * destroyed, which rejects the promise as a dropped connection would.
 */
export function inject(handler: HttpHandler, req: InjectRequest = {}): Promise<InjectResponse> {
  const server = createServer((incoming, outgoing) => {
    try {
      handler(incoming, outgoing)
    } catch (err) {
      outgoing.destroy(err instanceof Error ? err : new Error(String(err)))
    }
  })
  const [clientEnd, serverEnd] = socketPair()
  // Express reads req.ip from the socket; make it look like a loopback client.
  Object.assign(serverEnd, { remoteAddress: '127.0.0.1', remotePort: 0, encrypted: false })
  server.emit('connection', serverEnd)
  const close = (): void => {
    clientEnd.destroy()
    serverEnd.destroy()
    server.close()
  }
  return new Promise<InjectResponse>((resolve, reject) => {
    const outgoing = request(
      {
        createConnection: () => clientEnd as unknown as Socket,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: { host: 'harness', ...req.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', (err) => {
          close()
          reject(err)
        })
        res.on('end', () => {
          close()
          const raw = Buffer.concat(chunks)
          let body = raw
          try {
            if (/\bgzip\b/i.test(String(res.headers['content-encoding'] ?? ''))) body = gunzipSync(raw)
          } catch (err) {
            reject(err)
            return
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: () => body.toString('utf8'),
          })
        })
      },
    )
    outgoing.on('error', (err) => {
      close()
      reject(err)
    })
    outgoing.end(req.body)
  })
}
