import { NotifyError } from './integration.js'

/** The longest status line plus headers accepted (Node's default --max-http-header-size is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024
const LF = 0x0a

type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'done'
/** How the body is framed. */
type Mode = 'none' | 'length' | 'chunked' | 'until-close'

/**
 * Reads one HTTP/1.x response from a connection's bytes, as they arrive in any split: status line, headers,
 * and a body framed by Content-Length, chunked transfer coding or the connection's end. Informational (1xx)
 * responses before it are skipped. Keeps the first `maxBodyBytes` of the body, for error messages.
 * Malformed input throws a retryable {@link NotifyError}, as a broken connection would.
 */
export class Http1ResponseParser {
  status = 0
  /** Whether the connection may carry another request once this response is complete. */
  keepAlive = true
  /** Bytes received after the end of the response: the connection is then not safe to reuse. */
  trailingBytes = 0
  /** The Location header of a redirect (3xx) answer, for the caller that follows redirects. */
  location: string | undefined = undefined
  private state: State = 'head'
  private head: Buffer | undefined
  private mode: Mode = 'none'
  /** Body bytes (or chunk bytes) still expected. */
  private remaining = 0
  private readonly kept: Buffer[] = []
  private keptBytes = 0
  /** A chunk-size or trailer line split across reads. */
  private pendingLine = ''

  constructor(private readonly maxBodyBytes = 64 * 1024) {}

  /** True once the whole response has been read. */
  get done(): boolean {
    return this.state === 'done'
  }

  /** The body's first `maxBodyBytes` as UTF-8 text. */
  body(): string {
    return this.kept.length === 0 ? '' : Buffer.concat(this.kept, this.keptBytes).toString('utf8')
  }

  /** Feeds the next bytes; returns true once the response is complete. */
  push(chunk: Buffer): boolean {
    let at = 0
    while (at < chunk.length) {
      if (this.state === 'done') {
        this.trailingBytes += chunk.length - at
        return true
      }
      at = this.step(chunk, at)
    }
    return this.state === 'done'
  }

  /** The connection ended: completes a body framed by the end; returns whether the response is complete. */
  end(): boolean {
    if (this.state === 'body' && this.mode === 'until-close') this.state = 'done'
    return this.state === 'done'
  }

  /** Consumes bytes from `at` in the current state; returns where the next state starts reading. */
  private step(chunk: Buffer, at: number): number {
    switch (this.state) {
      case 'head':
        return this.readHead(chunk, at)
      case 'body': {
        const n =
          this.mode === 'until-close' ? chunk.length - at : Math.min(this.remaining, chunk.length - at)
        this.keep(chunk, at, n)
        this.remaining -= n
        if (this.mode === 'length' && this.remaining === 0) this.state = 'done'
        return at + n
      }
      case 'chunk-size':
      case 'chunk-end':
      case 'trailers':
        return this.readChunkLine(chunk, at)
      case 'chunk-data': {
        const n = Math.min(this.remaining, chunk.length - at)
        this.keep(chunk, at, n)
        this.remaining -= n
        if (this.remaining === 0) this.state = 'chunk-end'
        return at + n
      }
      default:
        return chunk.length
    }
  }

  private readHead(chunk: Buffer, at: number): number {
    const previous = this.head?.length ?? 0
    const rest = at === 0 ? chunk : chunk.subarray(at)
    const buffered = this.head === undefined ? rest : Buffer.concat([this.head, rest])
    const end = headEnd(buffered, Math.max(0, previous - 3))
    if (end < 0) {
      if (buffered.length > MAX_HEAD_BYTES) throw malformed('response headers too large')
      // Copied: the connection may reuse the chunk's memory.
      this.head = Buffer.from(buffered)
      return chunk.length
    }
    this.head = undefined
    this.parseHead(buffered.toString('latin1', 0, end))
    return at + end - previous
  }

  private parseHead(text: string): void {
    let eol = text.indexOf('\n')
    const m = /^HTTP\/1\.([01]) (\d{3})(?: |\r?$)/.exec(text.slice(0, eol))
    if (m === null) throw malformed(`malformed status line ${JSON.stringify(text.slice(0, eol).trim())}`)
    const status = Number(m[2])
    let length: number | undefined
    let chunked = false
    let connection = ''
    for (let pos = eol + 1; pos < text.length; pos = eol + 1) {
      eol = text.indexOf('\n', pos)
      if (eol < 0) eol = text.length
      const colon = text.indexOf(':', pos)
      if (colon < 0 || colon > eol) {
        const line = text.slice(pos, eol).trim()
        if (line === '') continue
        throw malformed(`malformed header line ${JSON.stringify(line)}`)
      }
      // Only four headers matter here: the others are skipped without being copied.
      const name = text.slice(pos, colon).trim()
      if (name.length !== 10 && name.length !== 14 && name.length !== 17 && name.length !== 8) continue
      const lower = name.toLowerCase()
      const value = text.slice(colon + 1, eol).trim()
      if (lower === 'content-length') {
        if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value))) {
          throw malformed(`invalid Content-Length ${JSON.stringify(value)}`)
        }
        length = Number(value)
      } else if (lower === 'transfer-encoding') {
        chunked = /(?:^|,)\s*chunked\s*$/i.test(value)
      } else if (lower === 'connection') {
        connection += `,${value.toLowerCase()}`
      } else if (lower === 'location' && status >= 300 && status < 400) {
        this.location = value
      }
    }
    // Informational answers (100 Continue, 103 Early Hints) come before the real one.
    if (status >= 100 && status < 200 && status !== 101) return
    this.status = status
    this.keepAlive =
      m[1] === '1' ? !/(?:^|,)\s*close\s*(?:,|$)/.test(connection) : connection.includes('keep-alive')
    if (status === 204 || status === 304) this.finishHead('none', 0)
    else if (chunked) this.finishHead('chunked', 0)
    else if (length !== undefined) this.finishHead('length', length)
    else this.finishHead('until-close', 0)
  }

  private finishHead(mode: Mode, length: number): void {
    this.mode = mode
    this.remaining = length
    if (mode === 'until-close') this.keepAlive = false
    this.state =
      mode === 'none' || (mode === 'length' && length === 0)
        ? 'done'
        : mode === 'chunked'
          ? 'chunk-size'
          : 'body'
  }

  /** Reads a chunk-size line, the CRLF after a chunk's data, or a trailer line. */
  private readChunkLine(chunk: Buffer, at: number): number {
    const lf = chunk.indexOf(LF, at)
    const piece = chunk.toString('latin1', at, lf < 0 ? chunk.length : lf)
    const line = (this.pendingLine += piece)
    if (lf < 0) {
      if (line.length > 4096) throw malformed('chunk line too long')
      return chunk.length
    }
    this.pendingLine = ''
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    if (this.state === 'chunk-end') {
      if (text !== '') throw malformed('missing CRLF after chunk data')
      this.state = 'chunk-size'
    } else if (this.state === 'trailers') {
      if (text === '') this.state = 'done'
    } else {
      const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(text)
      if (size === null) throw malformed(`invalid chunk size ${JSON.stringify(text)}`)
      this.remaining = parseInt(size[1] as string, 16)
      this.state = this.remaining === 0 ? 'trailers' : 'chunk-data'
    }
    return lf + 1
  }

  private keep(chunk: Buffer, at: number, n: number): void {
    const room = this.maxBodyBytes - this.keptBytes
    if (room <= 0 || n === 0) return
    const take = Math.min(room, n)
    this.kept.push(Buffer.from(chunk.subarray(at, at + take)))
    this.keptBytes += take
  }
}

/** The offset just past the blank line ending the head (CRLF CRLF, or bare LFs), or -1. */
function headEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(LF, from); i >= 0; i = buf.indexOf(LF, i + 1)) {
    if (buf[i + 1] === LF) return i + 2
    if (buf[i + 1] === 0x0d && buf[i + 2] === LF) return i + 3
  }
  return -1
}

function malformed(what: string): NotifyError {
  return new NotifyError(`cannot parse HTTP response (${what})`, true)
}
