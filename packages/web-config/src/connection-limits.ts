import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Settings } from 'node:http2'
import type { Server as NetServer, Socket } from 'node:net'

/** Why the guard refused a connection or request; the `reason` label parts count refusals by. */
export type ConnectionRejectReason =
  'header_too_large' | 'header_timeout' | 'request_timeout' | 'bad_request' | 'max_connections'

/** Limits on connections and request heads; every field has a default in {@link DEFAULT_CONNECTION_LIMITS}. */
export interface ConnectionLimits {
  /** Simultaneous connections (Prometheus's --web.max-connections default: 512). */
  maxConnections: number
  /** Request line plus headers; more is answered 431. */
  maxHeaderBytes: number
  /** A connection must deliver a complete request head this soon after opening (or after its last response). */
  headersTimeoutMs: number
  /** A whole request, body included, must arrive within this time (Node answers 408). */
  requestTimeoutMs: number
}

/**
 * The defaults: Prometheus's 512 connections; Go's 1 MiB header limit cut to 64 KiB, and a slow
 * request head dropped after 10 s instead of Go's 5 min read timeout, so that a thousand slowloris
 * connections hold little memory and not for long.
 */
export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  maxConnections: 512,
  maxHeaderBytes: 64 << 10,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
}

/** One open connection: busy while a request is in flight, otherwise waiting since `sinceMs`. */
interface Tracked {
  socket: Socket
  busy: number
  sinceMs: number
  /** Whether it has ever delivered a complete request (a keep-alive client rather than a trickler). */
  served: boolean
}

/** Settings of {@link guardConnections}. */
export interface ConnectionGuardOptions {
  limits: ConnectionLimits
  reject: (reason: ConnectionRejectReason) => void
  now?: () => number
  /** How often waiting connections are checked against the headers timeout; default 1 s. */
  sweepIntervalMs?: number
}

/** What {@link guardConnections} reports and how to stop it. */
export interface ConnectionGuard {
  /** Connections open now. */
  readonly open: number
  stop(): void
}

// The HTTP layer of a TLS server sees the TLS socket (for HTTP/2, through a proxy of the stream
// that forwards to it); the guard tracks the TCP socket beneath it.
function rawSocket(socket: Socket): Socket {
  const parent = (socket as { _parent?: unknown })._parent
  return parent !== null && typeof parent === 'object' ? (parent as Socket) : socket
}

const CLIENT_ERRORS: Readonly<Record<string, { status: string; reason: ConnectionRejectReason }>> = {
  HPE_HEADER_OVERFLOW: { status: '431 Request Header Fields Too Large', reason: 'header_too_large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: '408 Request Timeout', reason: 'request_timeout' },
}

/**
 * Answers an HTTP/2 request whose body is still arriving `timeoutMs` after it began with 408, as
 * Node's `requestTimeout` does for HTTP/1.1 (which HTTP/2 streams do not get), so a client cannot
 * hold its streams open by trickling bodies. Requests fully received in time are left alone,
 * however long the handler takes.
 */
function limitStreamTime(
  req: IncomingMessage,
  res: ServerResponse,
  timeoutMs: number,
  onTimeout: () => void,
): void {
  const stream = (req as unknown as Http2ServerRequest).stream
  // A request without a body (a GET) ended with its headers.
  if (stream.endAfterHeaders) return
  const timer = setTimeout(() => {
    if (stream.destroyed || stream.state.remoteClose !== 0) return
    onTimeout()
    if (res.headersSent) stream.destroy()
    else {
      res.writeHead(408, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Request Timeout\n')
    }
  }, timeoutMs)
  timer.unref()
  res.once('close', () => clearTimeout(timer))
}

/**
 * Guards a listening server against connection floods, as `--web.max-connections` does for
 * Prometheus but without letting slow clients starve the rest:
 * - at most `maxConnections` are open; when full, a new connection displaces the one that has
 *   waited longest without a request in flight — one that never completed a request (a slowloris
 *   connection trickling its headers) before an idle keep-alive one — and is refused only when
 *   every connection is busy;
 * - a connection that has not delivered a complete request head `headersTimeoutMs` after opening
 *   (or after its last response) is closed;
 * - heads over `maxHeaderBytes` are answered 431, requests slower than `requestTimeoutMs` 408,
 *   malformed ones 400, each counted.
 * An HTTP/2 session is one connection, busy while any of its streams is; its header lists are
 * limited to `maxHeaderBytes` through the SETTINGS the server advertises.
 */
export function guardConnections(server: NetServer, options: ConnectionGuardOptions): ConnectionGuard {
  const { limits, reject } = options
  const now = options.now ?? Date.now
  const tracked = new Map<Socket, Tracked>()
  // Node reads `maxHeaderSize` from the server for each new connection's parser; @types/node only
  // declares it as a constructor option, and the web config builds the server for us.
  Object.assign(server, {
    maxHeaderSize: limits.maxHeaderBytes,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
  })
  const h2 = server as NetServer & { updateSettings?: (settings: Settings) => void }
  h2.updateSettings?.({ maxHeaderListSize: limits.maxHeaderBytes })

  const drop = (entry: Tracked, reason: ConnectionRejectReason): void => {
    tracked.delete(entry.socket)
    reject(reason)
    entry.socket.destroy()
  }
  // Connections that never completed a request go first, so idle keep-alive clients keep their place.
  const victimOf = (a: Tracked, b: Tracked | undefined): boolean =>
    b === undefined || (a.served !== b.served ? !a.served : a.sinceMs < b.sinceMs)
  const oldestWaiting = (): Tracked | undefined => {
    let oldest: Tracked | undefined
    for (const entry of tracked.values()) if (entry.busy === 0 && victimOf(entry, oldest)) oldest = entry
    return oldest
  }

  const onConnection = (socket: Socket): void => {
    if (tracked.size >= limits.maxConnections) {
      const victim = oldestWaiting()
      if (victim === undefined) {
        reject('max_connections')
        socket.destroy()
        return
      }
      drop(victim, 'max_connections')
    }
    const entry: Tracked = { socket, busy: 0, sinceMs: now(), served: false }
    tracked.set(socket, entry)
    socket.once('close', () => tracked.delete(socket))
  }
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const entry = tracked.get(rawSocket(req.socket))
    if (entry === undefined) return
    entry.busy++
    entry.served = true
    if (req.httpVersionMajor === 2)
      limitStreamTime(req, res, limits.requestTimeoutMs, () => reject('request_timeout'))
    res.once('close', () => {
      entry.busy--
      entry.sinceMs = now()
    })
  }
  const onClientError = (err: Error & { code?: string }, socket: Socket): void => {
    const known = CLIENT_ERRORS[err.code ?? '']
    reject(known?.reason ?? 'bad_request')
    // Node's own answer when nobody listens; only if no response has begun on this connection.
    if (!socket.writable || socket.bytesWritten > 0) return void socket.destroy()
    // Half-close and drain rather than reset at once: a client still sending its oversized head
    // then reads the answer instead of a connection reset.
    socket.end(`HTTP/1.1 ${known?.status ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`)
    socket.resume()
    setTimeout(() => socket.destroy(), 1000).unref()
  }
  server.on('connection', onConnection)
  server.on('request', onRequest)
  server.on('clientError', onClientError)
  const sweep = setInterval(() => {
    const deadline = now() - limits.headersTimeoutMs
    for (const entry of [...tracked.values()])
      if (entry.busy === 0 && entry.sinceMs <= deadline) drop(entry, 'header_timeout')
  }, options.sweepIntervalMs ?? 1000)
  sweep.unref()
  return {
    get open() {
      return tracked.size
    },
    stop() {
      clearInterval(sweep)
      server.off('connection', onConnection)
      server.off('request', onRequest)
      server.off('clientError', onClientError)
    },
  }
}
