import { connect as http2Connect, type ClientHttp2Session } from 'node:http2'
import { isIP } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import type { ClientTlsOptions } from './client-credentials.js'

/** How a request reaches an https origin when HTTP/2 is enabled. */
export type Http2Route =
  /** A session (shared with other requests), the TLS socket under it, and what to call when the stream closes. */
  | { kind: 'h2'; session: ClientHttp2Session; socket: TLSSocket; done: () => void }
  /** The server chose HTTP/1.1 on this fresh connection: send one HTTP/1.1 request over it. */
  | { kind: 'http/1.1'; socket: TLSSocket }
  /** The origin is known to answer HTTP/1.1 only: use the ordinary HTTPS path. */
  | { kind: 'known-http/1.1' }

interface Pooled {
  session: ClientHttp2Session
  socket: TLSSocket
  tls: ClientTlsOptions
  /** Streams in flight; the session keeps the process alive only while there are some. */
  active: number
}

// Go's transport (as Prometheus's common config sets it up) closes connections idle this long.
const IDLE_TIMEOUT_MS = 5 * 60_000

// The files of a tls_config are re-read for every request: a rotated certificate or CA needs a new
// session. Every option is compared, so one added to ClientTlsOptions later is not missed.
function sameTls(a: ClientTlsOptions, b: ClientTlsOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ClientTlsOptions>
  for (const key of keys) {
    const x = a[key]
    const y = b[key]
    if (x !== y && !(Buffer.isBuffer(x) && Buffer.isBuffer(y) && x.equals(y))) return false
  }
  return true
}

function dial(host: string, port: number, tls: ClientTlsOptions, signal: AbortSignal): Promise<TLSSocket> {
  signal.throwIfAborted()
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      ...tls,
      host,
      port,
      servername: tls.servername ?? (isIP(host) === 0 ? host : undefined),
      ALPNProtocols: ['h2', 'http/1.1'],
    })
    const onAbort = (): void =>
      void socket.destroy(signal.reason instanceof Error ? signal.reason : undefined)
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort)
      socket.off('error', reject)
      resolve(socket)
    })
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort)
      reject(err)
    })
  })
}

/** Waits for `pending` to settle, or rejects when `signal` aborts first. */
function settled(pending: Promise<void>, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted()
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    void pending.then(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    })
  })
}

/**
 * The HTTP/2 sessions of one HTTP client, one per origin, as Go's transport keeps them: a new
 * origin is dialled offering `h2` and `http/1.1` through ALPN; when the server picks h2 the session
 * is kept for every later request to that origin (until it goes away, idles for 5 minutes, or the
 * TLS files change), and when it picks HTTP/1.1 the origin is remembered as such.
 */
export class Http2Sessions {
  private readonly pooled = new Map<string, Pooled>()
  private readonly http1Only = new Set<string>()
  /** Dials under way, settled (never rejected) when each ends. */
  private readonly dialing = new Map<string, Promise<void>>()

  /**
   * Finds or opens the way to `host:port`; rejects when the connection fails or `signal` aborts.
   * Requests arriving while an origin is being dialled wait for that dial instead of opening
   * sessions of their own.
   */
  async route(host: string, port: number, tls: ClientTlsOptions, signal: AbortSignal): Promise<Http2Route> {
    const key = `${host}|${port}`
    for (;;) {
      if (this.http1Only.has(key)) return { kind: 'known-http/1.1' }
      const live = this.pooled.get(key)
      if (live !== undefined && !live.session.closed && !live.session.destroyed && sameTls(live.tls, tls))
        return this.use(live)
      const pending = this.dialing.get(key)
      if (pending === undefined) break
      await settled(pending, signal)
    }
    const opening = this.open(key, host, port, tls, signal)
    const done = opening.then(
      () => undefined,
      () => undefined,
    )
    this.dialing.set(key, done)
    void done.then(() => this.dialing.delete(key))
    return opening
  }

  private async open(
    key: string,
    host: string,
    port: number,
    tls: ClientTlsOptions,
    signal: AbortSignal,
  ): Promise<Http2Route> {
    const socket = await dial(host, port, tls, signal)
    if (socket.alpnProtocol !== 'h2') {
      this.http1Only.add(key)
      return { kind: 'http/1.1', socket }
    }
    const session = http2Connect(`https://${host.includes(':') ? `[${host}]` : host}:${port}`, {
      createConnection: () => socket,
    })
    const entry: Pooled = { session, socket, tls, active: 0 }
    // Failures reach each request through its stream; unheard, a session error would crash the process.
    session.on('error', () => undefined)
    session.setTimeout(IDLE_TIMEOUT_MS, () => session.close())
    const forget = (): void => {
      if (this.pooled.get(key) === entry) this.pooled.delete(key)
    }
    session.once('close', forget)
    session.once('goaway', forget)
    // A session replaced after a TLS file changed finishes its streams and closes.
    this.pooled.get(key)?.session.close()
    this.pooled.set(key, entry)
    return this.use(entry)
  }

  /** Closes every session (in-flight streams finish first) and forgets what each origin speaks. */
  close(): void {
    for (const { session } of this.pooled.values()) session.close()
    this.pooled.clear()
    this.http1Only.clear()
  }

  private use(entry: Pooled): Http2Route {
    if (entry.active++ === 0) entry.session.ref()
    const done = (): void => {
      if (--entry.active === 0 && !entry.session.destroyed) entry.session.unref()
    }
    return { kind: 'h2', session: entry.session, socket: entry.socket, done }
  }
}
