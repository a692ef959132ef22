import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CollectError, ContentTypeError } from '../errors.js'
import { renderMetrics } from './render-metrics.js'
import type { ExpositionSource, SerializedMetrics } from './render-metrics.js'

/** A source that records the Accept headers it was asked for and answers with a fixed body. */
class FakeSource implements ExpositionSource {
  readonly accepts: Array<string | undefined> = []
  constructor(private readonly answer: SerializedMetrics | Error) {}
  async serialize(accept?: string): Promise<SerializedMetrics> {
    this.accepts.push(accept)
    if (this.answer instanceof Error) throw this.answer
    return this.answer
  }
}

const TEXT: SerializedMetrics = { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'up 1\n' }

describe('renderMetrics', () => {
  it.each<[boolean | undefined, string | undefined]>([
    [undefined, 'Accept, Accept-Encoding'],
    [true, 'Accept, Accept-Encoding'],
    [false, undefined],
  ])('with vary %s sends Vary %s', async (vary, expected) => {
    const response = await renderMetrics(
      new FakeSource(TEXT),
      { method: 'GET', acceptEncoding: 'gzip' },
      { vary },
    )
    expect(response.headers.vary).toBe(expected)
    expect(response.headers['content-encoding']).toBe('gzip')
  })

  it.each(['GET', 'HEAD', 'get'])('serves %s with the negotiated content type and length', async (method) => {
    const source = new FakeSource(TEXT)
    const response = await renderMetrics(source, { method, accept: 'text/plain' })
    expect(source.accepts).toEqual(['text/plain'])
    expect(response.status).toBe(200)
    expect(response.headers).toMatchObject({ 'content-type': TEXT.contentType, 'content-length': '5' })
    expect(response.headers.vary).toBe('Accept, Accept-Encoding')
    expect(response.body.toString()).toBe('up 1\n')
  })

  it('passes binary bodies through as a Buffer over the same bytes', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250])
    const source = new FakeSource({ contentType: 'application/vnd.google.protobuf', body: bytes })
    const response = await renderMetrics(source, { method: 'GET' })
    expect(Buffer.isBuffer(response.body)).toBe(true)
    expect([...(response.body as Buffer)]).toEqual([0, 1, 2, 250])
    expect(response.headers['content-length']).toBe('4')
  })

  it.each([
    ['gzip', true, true],
    ['gzip', false, false],
    ['br', true, false],
    [undefined, true, false],
  ])('with Accept-Encoding %j and gzip %s compresses: %s', async (acceptEncoding, gzip, compressed) => {
    const response = await renderMetrics(new FakeSource(TEXT), { method: 'GET', acceptEncoding }, { gzip })
    expect(response.headers['content-encoding']).toBe(compressed ? 'gzip' : undefined)
    const body = response.body as Buffer
    expect(response.headers['content-length']).toBe(String(body.byteLength))
    expect((compressed ? gunzipSync(body) : body).toString()).toBe('up 1\n')
  })

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s with 405 and an Allow header', async (method) => {
    const source = new FakeSource(TEXT)
    const response = await renderMetrics(source, { method })
    expect(response.status).toBe(405)
    expect(response.headers.allow).toBe('GET, HEAD')
    expect(source.accepts).toEqual([])
  })

  it('answers 500 in plain text when a collector fails', async () => {
    const failure = new CollectError('cannot collect metrics (collector threw)', {
      cause: new Error('disk on fire'),
    })
    const response = await renderMetrics(new FakeSource(failure), { method: 'GET' })
    expect(response.status).toBe(500)
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(response.body).toContain('disk on fire')
  })

  it('answers 406 when the registry cannot produce an acceptable format', async () => {
    const response = await renderMetrics(new FakeSource(new ContentTypeError('no acceptable format')), {
      method: 'GET',
    })
    expect(response.status).toBe(406)
  })
})
