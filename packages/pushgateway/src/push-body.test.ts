import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encodeProtobuf, type MetricFamily } from '@watchfire/model'
import { decodeContent, isDelimitedProtobuf, parsePushBody } from './push-body.js'
import { RequestError } from './errors.js'

const PB = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited'

describe('isDelimitedProtobuf', () => {
  it.each([
    [PB, true],
    ['Application/Vnd.Google.Protobuf; Encoding=delimited; PROTO=io.prometheus.client.MetricFamily', true],
    [
      'application/vnd.google.protobuf; proto="io.prometheus.client.MetricFamily"; encoding="delimited"',
      true,
    ],
    ['application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text', false],
    ['application/vnd.google.protobuf; encoding=delimited', false],
    ['text/plain; version=0.0.4', false],
    [undefined, false],
  ])('%s → %s', (ct, expected) => expect(isDelimitedProtobuf(ct)).toBe(expected))
})

describe('parsePushBody', () => {
  it('reads text, dropping families without samples', () => {
    const families = parsePushBody(Buffer.from('# HELP a only help\n# TYPE b gauge\nb 1\n'), 'text/plain')
    expect([...families.keys()]).toEqual(['b'])
  })

  it('reads protobuf, keeping empty families; a later family of a name wins', () => {
    const fam = (help: string, metrics: MetricFamily['metrics']): MetricFamily => ({
      name: 'x',
      help,
      type: 'gauge',
      unit: '',
      metrics,
    })
    const body = Buffer.from(encodeProtobuf([fam('one', [{ labels: {}, value: 1 }]), fam('two', [])]))
    const families = parsePushBody(body, PB)
    expect(families.get('x')?.help).toBe('two')
    expect(families.get('x')?.metrics).toEqual([])
  })

  it.each([
    ['text', 'x{ 1\n', 'text/plain', /text format: .*line 1/],
    ['protobuf', '\x05abc', PB, /protobuf: /],
    ['text without a final newline', 'x 1', 'text/plain', /last line needs a newline/],
    ['text that is not UTF-8', 'x{a="\xff"} 1\n', undefined, /not valid UTF-8/],
  ])('refuses malformed %s with a 400', (_what, body, ct, message) => {
    const err = (() => {
      try {
        parsePushBody(Buffer.from(body, 'latin1'), ct)
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(err).toBeInstanceOf(RequestError)
    expect((err as RequestError).status).toBe(400)
    expect((err as RequestError).message).toMatch(message)
  })
})

describe('decodeContent', () => {
  it('gunzips only for exactly gzip', () => {
    expect(decodeContent(gzipSync('abc'), 'gzip', 100).toString()).toBe('abc')
    expect(decodeContent(Buffer.from('abc'), undefined, 100).toString()).toBe('abc')
  })

  it.each([
    ['broken gzip', Buffer.from('not gzip'), 400],
    ['a gzip bomb over the limit', gzipSync(Buffer.alloc(10_000)), 413],
  ])('refuses %s', (_what, body, status) => {
    expect(() => decodeContent(body, 'gzip', 1000)).toThrow(expect.objectContaining({ status }))
  })
})
