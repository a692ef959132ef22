import { connect, type Socket } from 'node:net'
import type { Deadline } from './deadline.js'
import { Http1ResponseParser } from './http1-response-parser.js'

/** A response as the notifiers judge it: status and the body's first 64 KiB. */
export interface Http1Response {
  status: number
  body: string
  /** Where a redirect (3xx) points; undefined for other answers. */
  location: string | undefined
}

/** Settings of an {@link Http1Pool}. */
export interface Http1PoolOptions {
  /**
   * How long an idle connection is kept: under Node's default server keep-alive timeout (5 s), so a Node
   * receiver never closes a connection just as it is reused.
   */
  idleTimeoutMs: number
  /** Idle connections kept beyond this many are closed (Node's agent keeps 256). */
  maxIdle: number
}

const DEFAULTS: Http1PoolOptions = { idleTimeoutMs: 4_000, maxIdle: 256 }

/** One request under way on a connection. */
interface Exchange {
  parser: Http1ResponseParser
  resolve: (res: Http1Response) => void
  reject: (err: Error) => void
  /** Unregisters the exchange from its deadline. */
  off: () => void
}

/** A TCP connection of the pool, with its listeners installed once for all the requests it carries. */
class Connection {
  exchange: Exchange | undefined
  idle = false

  constructor(
    readonly socket: Socket,
    private readonly pool: Http1Pool,
  ) {
    socket.on('data', (data: Buffer) => this.onData(data))
    socket.on('end', () => this.onGone('socket hang up'))
    socket.on('error', (err: Error) => this.onGone(err.message))
    socket.on('close', () => this.onGone('socket hang up'))
    socket.on('timeout', () => {
      if (this.idle) this.pool.discard(this)
    })
  }

  private onData(data: Buffer): void {
    const ex = this.exchange
    if (ex === undefined) {
      // Nothing was asked: the connection is out of step, never to be reused.
      this.pool.discard(this)
      return
    }
    let complete: boolean
    try {
      complete = ex.parser.push(data)
    } catch (err) {
      this.finish(ex, err as Error)
      return
    }
    if (complete) this.finish(ex, undefined)
  }

  /** The connection ended or failed: a response framed by its end is complete, anything else fails. */
  private onGone(reason: string): void {
    const ex = this.exchange
    if (ex === undefined) {
      this.pool.discard(this)
      return
    }
    if (ex.parser.end()) ex.parser.keepAlive = false
    this.finish(ex, ex.parser.done ? undefined : new Error(reason))
  }

  /** Settles the exchange; the connection goes back to the pool only after a clean, reusable response. */
  finish(ex: Exchange, err: Error | undefined): void {
    this.exchange = undefined
    ex.off()
    // A receiver may answer before reading the whole request: unsent bytes would start the next one.
    const reusable =
      err === undefined &&
      ex.parser.keepAlive &&
      ex.parser.trailingBytes === 0 &&
      !this.socket.destroyed &&
      this.socket.writableLength === 0
    if (reusable) this.pool.release(this)
    else this.pool.discard(this)
    if (err !== undefined) ex.reject(err)
    else ex.resolve({ status: ex.parser.status, body: ex.parser.body(), location: ex.parser.location })
  }
}

/**
 * Kept-alive HTTP/1.1 connections to one plain-HTTP origin, for webhook POSTs. Node's http.request costs
 * several times the CPU of the bytes it sends, and a notifier needs none of its generality: it writes one
 * request in one write and reads one response. As Go's transport: a request takes an idle connection
 * (the most recent) or opens one, never waits for another request to finish; idle connections are closed
 * after `idleTimeoutMs` and do not keep the process alive.
 */
export class Http1Pool {
  private readonly idle: Connection[] = []
  private readonly options: Http1PoolOptions
  /** Connections opened so far (for tests and the curious). */
  opened = 0

  constructor(
    private readonly host: string,
    private readonly port: number,
    options: Partial<Http1PoolOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** Idle connections ready for reuse. */
  get idleCount(): number {
    return this.idle.length
  }

  /**
   * Sends one request — `head` is the request line and headers up to and including the blank line — and
   * reads its response. Rejects with the connection's error, or when the deadline passes.
   */
  request(head: string, body: string, deadline: Deadline): Promise<Http1Response> {
    if (deadline.expired) return Promise.reject(new Error('The operation was aborted'))
    return new Promise((resolve, reject) => {
      const conn = this.acquire()
      const ex: Exchange = {
        parser: new Http1ResponseParser(),
        resolve,
        reject,
        off: () => undefined,
      }
      ex.off = deadline.onExpiry(() => {
        if (conn.exchange === ex) conn.finish(ex, new Error('The operation was aborted'))
      })
      conn.exchange = ex
      const socket = conn.socket
      if (isAscii(head)) {
        // One string, one write, one syscall: the common case.
        socket.write(head + body)
      } else {
        socket.cork()
        socket.write(head, 'latin1')
        socket.write(body)
        socket.uncork()
      }
    })
  }

  /** Closes every idle connection (requests under way finish). */
  close(): void {
    for (const conn of this.idle.splice(0)) conn.socket.destroy()
  }

  private acquire(): Connection {
    for (;;) {
      const conn = this.idle.pop()
      if (conn === undefined) break
      conn.idle = false
      if (conn.socket.destroyed || !conn.socket.writable) {
        conn.socket.destroy()
        continue
      }
      conn.socket.setTimeout(0)
      conn.socket.ref()
      return conn
    }
    this.opened++
    const socket = connect({
      host: this.host,
      port: this.port,
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: 1_000,
    })
    return new Connection(socket, this)
  }

  /** @internal Puts a connection whose exchange completed back for reuse. */
  release(conn: Connection): void {
    if (this.idle.length >= this.options.maxIdle) {
      conn.socket.destroy()
      return
    }
    conn.idle = true
    conn.socket.setTimeout(this.options.idleTimeoutMs)
    conn.socket.unref()
    this.idle.push(conn)
  }

  /** @internal Closes a connection and forgets it. */
  discard(conn: Connection): void {
    if (conn.idle) {
      conn.idle = false
      const i = this.idle.indexOf(conn)
      if (i >= 0) this.idle.splice(i, 1)
    }
    conn.socket.destroy()
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false
  return true
}
