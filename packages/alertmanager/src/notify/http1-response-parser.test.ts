import { describe, expect, it } from 'vitest'
import { Http1ResponseParser } from './http1-response-parser.js'
import { NotifyError } from './integration.js'

interface Parsed {
  status: number
  keepAlive: boolean
  body: string
}

/** Feeds `text` in pieces of `step` bytes; returns what was parsed once complete (undefined if never). */
function parse(text: string, step = Infinity): Parsed | undefined {
  const bytes = Buffer.from(text, 'latin1')
  const p = new Http1ResponseParser()
  for (let at = 0; at < bytes.length; at += step) {
    if (p.push(bytes.subarray(at, Math.min(bytes.length, at + step)))) {
      return { status: p.status, keepAlive: p.keepAlive, body: p.body() }
    }
  }
  return undefined
}

const OK_EMPTY = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'

describe('Http1ResponseParser', () => {
  it.each([
    ['empty body by length', OK_EMPTY, { status: 200, keepAlive: true, body: '' }],
    [
      'body by length, other headers skipped',
      'HTTP/1.1 503 Service Unavailable\r\nDate: x\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbusy',
      { status: 503, keepAlive: true, body: 'busy' },
    ],
    [
      'chunked body with an extension and trailers',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n',
      { status: 200, keepAlive: true, body: 'abcde' },
    ],
    [
      'Connection: close',
      'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno',
      { status: 400, keepAlive: false, body: 'no' },
    ],
    [
      'HTTP/1.0 without keep-alive',
      'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n',
      { status: 200, keepAlive: false, body: '' },
    ],
    [
      'HTTP/1.0 with keep-alive',
      'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n',
      { status: 200, keepAlive: true, body: '' },
    ],
    [
      'an informational response before the real one',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nk',
      { status: 201, keepAlive: true, body: 'k' },
    ],
    [
      'bare LF line endings',
      'HTTP/1.1 202 Accepted\nContent-Length: 2\n\nok',
      { status: 202, keepAlive: true, body: 'ok' },
    ],
    ['204 has no body', 'HTTP/1.1 204 No Content\r\n\r\n', { status: 204, keepAlive: true, body: '' }],
  ])('reads %s, whole or a byte at a time', (_, text, want) => {
    expect(parse(text)).toEqual(want)
    expect(parse(text, 1)).toEqual(want)
  })

  it('completes a body without length or chunking only when the connection ends', () => {
    const p = new Http1ResponseParser()
    expect(p.push(Buffer.from('HTTP/1.1 500 Broken\r\n\r\npartial'))).toBe(false)
    expect(p.push(Buffer.from(' failure'))).toBe(false)
    expect(p.end()).toBe(true)
    expect([p.status, p.keepAlive, p.body()]).toEqual([500, false, 'partial failure'])
  })

  it('is not complete before the last byte of a chunked body', () => {
    const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'
    expect(parse(text.slice(0, -1))).toBeUndefined()
    const p = new Http1ResponseParser()
    p.push(Buffer.from(text.slice(0, -1)))
    expect(p.end()).toBe(false)
  })

  it('counts bytes after the response, which make the connection unsafe to reuse', () => {
    const p = new Http1ResponseParser()
    expect(p.push(Buffer.from(`${OK_EMPTY}HTTP/1.1`))).toBe(true)
    expect(p.trailingBytes).toBe(8)
  })

  it('keeps only the first bytes of a long body', () => {
    const p = new Http1ResponseParser(4)
    expect(p.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789'))).toBe(true)
    expect(p.body()).toBe('0123')
  })

  it('decodes the body as UTF-8 even when a character is split across reads', () => {
    const body = Buffer.from('é✓', 'utf8')
    const p = new Http1ResponseParser()
    p.push(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`))
    for (const byte of body) p.push(Buffer.from([byte]))
    expect([p.done, p.body()]).toEqual([true, 'é✓'])
  })

  it.each([
    ['a status line that is not HTTP/1.x', 'SSH-2.0-OpenSSH\r\n\r\n', /malformed status line/],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n', /malformed header line/],
    ['an invalid Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /invalid Content-Length/],
    [
      'conflicting Content-Lengths',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      /invalid Content-Length/,
    ],
    [
      'an invalid chunk size',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      /invalid chunk size/,
    ],
    [
      'chunk data without its CRLF',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n',
      /missing CRLF after chunk data/,
    ],
  ])('rejects %s with a retryable NotifyError', (_, text, message) => {
    const err: unknown = (() => {
      try {
        parse(text)
        return undefined
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(NotifyError)
    expect((err as NotifyError).retry).toBe(true)
    expect((err as NotifyError).message).toMatch(message)
  })

  it('rejects a head that never ends once it is too large', () => {
    const p = new Http1ResponseParser()
    p.push(Buffer.from('HTTP/1.1 200 OK\r\n'))
    const filler = Buffer.from(`X-Filler: ${'y'.repeat(1000)}\r\n`)
    expect(() => {
      for (let i = 0; i < 100; i++) p.push(filler)
    }).toThrow(/response headers too large/)
  })
})
