import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { compress } from 'snappyjs'
import { Labels, Matcher, ProtoWriter } from '@watchfire/model'
import { MemoryStorage, type Querier, type Queryable } from '@watchfire/storage'
import { crc32c, XorIterator } from '@watchfire/tsdb'
import { afterEach, describe, expect, it } from 'vitest'
import type { RemoteReadConfig } from '../config/config-types.js'
import { RemoteReadError } from '../remote/read-error.js'
import { encodeReadRequest, type ReadQuery } from '../remote/read-proto.js'
import { HttpReadClient } from '../remote/remote-read-client.js'
import {
  filterExternalMatchers,
  remoteReadHandler,
  withExternalLabels,
  type RemoteReadHandlerOptions,
} from './remote-read-api.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

async function serve(options: RemoteReadHandlerOptions): Promise<string> {
  const handler = remoteReadHandler(options)
  const server = createServer((req, res) => void handler(req, res))
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/read`
}

function clientFor(url: string, timeoutMs = 5_000): HttpReadClient {
  const config: RemoteReadConfig = {
    url,
    name: '',
    remoteTimeoutMs: timeoutMs,
    headers: {},
    readRecent: true,
    requiredMatchers: {},
    filterExternalLabels: true,
    httpClient: {
      bearerToken: '',
      bearerTokenFile: '',
      tlsConfig: {
        caFile: '',
        certFile: '',
        keyFile: '',
        serverName: '',
        insecureSkipVerify: false,
        minVersion: '',
      },
      proxyUrl: '',
      followRedirects: true,
      enableHttp2: true,
    },
  }
  return new HttpReadClient(config)
}

async function storeWith(samples: [Record<string, string>, number, number][]): Promise<MemoryStorage> {
  const storage = new MemoryStorage()
  const app = storage.appender()
  for (const [labels, t, v] of samples) app.append(0, Labels.fromRecord(labels), t, v)
  await app.commit()
  return storage
}

const query = (matchers: Matcher[], startMs = 0, endMs = 10_000): ReadQuery => ({
  startMs,
  endMs,
  matchers,
  hints: undefined,
})

const EXTERNAL = Labels.fromRecord({ site: 'a', region: 'eu' })

describe('external labels', () => {
  it.each([
    ['an equality matcher they satisfy is dropped', new Matcher('=', 'site', 'a'), 0],
    ['an equality matcher on another value is kept', new Matcher('=', 'site', 'b'), 1],
    ['a regex matcher is kept', new Matcher('=~', 'site', 'a'), 1],
    ['a matcher on another label is kept', new Matcher('=', 'job', 'a'), 1],
  ])('%s', (_name, m, kept) => {
    expect(filterExternalMatchers([m], EXTERNAL)).toHaveLength(kept)
  })

  it('are added where the series lacks them; the series wins', () => {
    expect(withExternalLabels(Labels.fromRecord({ __name__: 'x', site: 'own' }), EXTERNAL).toString()).toBe(
      '{__name__="x", region="eu", site="own"}',
    )
  })
})

describe('POST /api/v1/read', () => {
  it('answers the samples of each query, with external labels, to the remote-read client', async () => {
    const storage = await storeWith([
      [{ __name__: 'up', job: 'a' }, 1_000, 1],
      [{ __name__: 'up', job: 'a' }, 2_000, 0],
      [{ __name__: 'up', job: 'b' }, 1_000, 1],
      [{ __name__: 'other' }, 1_000, 7],
    ])
    const url = await serve({ queryable: storage, externalLabels: () => EXTERNAL })
    const series = await clientFor(url).read(
      query([new Matcher('=', '__name__', 'up'), new Matcher('=', 'site', 'a')], 0, 1_500),
    )
    expect(series.map((s) => [s.labels.toString(), s.timestamps, s.values])).toEqual([
      ['{__name__="up", job="a", region="eu", site="a"}', [1_000], [1]],
      ['{__name__="up", job="b", region="eu", site="a"}', [1_000], [1]],
    ])
  })

  it('refuses a query over the sample limit with 400 and Prometheus wording', async () => {
    const storage = await storeWith([
      [{ __name__: 'up' }, 1_000, 1],
      [{ __name__: 'up' }, 2_000, 1],
      [{ __name__: 'up' }, 3_000, 1],
    ])
    const url = await serve({ queryable: storage, externalLabels: () => Labels.EMPTY, sampleLimit: 2 })
    const err = await clientFor(url)
      .read(query([new Matcher('=', '__name__', 'up')]))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RemoteReadError)
    expect((err as RemoteReadError).status).toBe(400)
    expect((err as Error).message).toMatch(/exceeded sample limit \(2\)/)
  })

  async function post(
    url: string,
    body: Uint8Array,
  ): Promise<{ status: number; text: string; type: string }> {
    const res = await fetch(url, { method: 'POST', body })
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' }
  }

  function encoded(types: number[], endMs = 10_000): Uint8Array {
    const w = new ProtoWriter()
    encodeReadRequest(w, {
      queries: [query([new Matcher('=', '__name__', 'up')], 0, endMs)],
      acceptedResponseTypes: types,
    })
    return compress(w.finish())
  }

  it.each([
    ['a body that is not snappy', Uint8Array.of(0xff, 0xff, 0xff), 400, /snappy/],
    [
      'only an unknown response type',
      encoded([7]),
      400,
      /server does not support any of the requested response types: \[7\]/,
    ],
    ['a bad regex', compress(Uint8Array.of(0x0a, 0x07, 0x1a, 0x05, 0x08, 0x02, 0x1a, 0x01, 0x28)), 400, /./],
  ])('answers %s with %i', async (_name, body, status, text) => {
    const url = await serve({ queryable: new MemoryStorage(), externalLabels: () => Labels.EMPTY })
    const res = await post(url, body)
    expect(res.status).toBe(status)
    expect(res.text).toMatch(text)
  })

  it('answers samples when the client names them first', async () => {
    const storage = await storeWith([[{ __name__: 'up' }, 1_000, 1]])
    const url = await serve({ queryable: storage, externalLabels: () => Labels.EMPTY })
    const res = await fetch(url, { method: 'POST', body: encoded([0, 1]) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-protobuf')
    expect(res.headers.get('content-encoding')).toBe('snappy')
  })

  it('answers 500 when the storage cannot be read', async () => {
    const broken: Queryable = { querier: () => Promise.reject(new Error('disk on fire')) }
    const url = await serve({ queryable: broken, externalLabels: () => Labels.EMPTY })
    const res = await post(url, encoded([]))
    expect(res).toMatchObject({ status: 500, text: 'disk on fire\n' })
  })

  it('serves at most concurrent-limit requests at once', async () => {
    let open = 0
    let peak = 0
    const slow: Queryable = {
      async querier(): Promise<Querier> {
        open++
        peak = Math.max(peak, open)
        await new Promise((r) => setTimeout(r, 30))
        open--
        return new MemoryStorage().querier(0, 1)
      },
    }
    const url = await serve({ queryable: slow, externalLabels: () => Labels.EMPTY, concurrentLimit: 2 })
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(url, encoded([]))))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
    expect(peak).toBe(2)
  })

  it('makes the client fail with the status and body of an error answer', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(503)
      res.end('try later')
    })
    servers.push(server)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/read`
    await expect(clientFor(url).read(query([]))).rejects.toThrow(/returned HTTP status 503.*try later/)
  })

  it('streams XOR chunk frames when the client asks for them first', async () => {
    const samples: [Record<string, string>, number, number][] = []
    for (let i = 0; i < 130; i++) samples.push([{ __name__: 'up', job: 'a' }, 1_000 + i * 1_000, i])
    samples.push([{ __name__: 'up', job: 'b' }, 1_000, 42])
    const url = await serve({
      queryable: await storeWith(samples),
      externalLabels: () => Labels.fromRecord({ site: 's' }),
      // Small frames: the 130-sample series (two chunks) is split over two frames.
      maxBytesInFrame: 100,
    })
    const res = await fetch(url, { method: 'POST', body: encoded([1, 0], 200_000) })
    expect(res.headers.get('content-type')).toBe(
      'application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse',
    )
    const frames = readFrames(new Uint8Array(await res.arrayBuffer()))
    expect(
      frames.map((f) => [
        f.labels.join(','),
        f.queryIndex,
        f.chunks.map((c) => `${c.type}:${c.min}-${c.max}`),
      ]),
    ).toEqual([
      ['__name__=up,job=a,site=s', 0, ['1:1000-120000']],
      ['__name__=up,job=a,site=s', 0, ['1:121000-130000']],
      ['__name__=up,job=b,site=s', 0, ['1:1000-1000']],
    ])
    const it = new XorIterator().reset(frames[1]?.chunks[0]?.data ?? new Uint8Array())
    const values: number[] = []
    while (it.next() !== 0) values.push(it.atF())
    expect(values).toEqual([120, 121, 122, 123, 124, 125, 126, 127, 128, 129])
  })
})

interface Field {
  field: number
  value: number
  bytes: Uint8Array
}

/** A minimal protobuf walker for the test: varint and length-delimited fields. */
function fields(buf: Uint8Array): Field[] {
  const out: Field[] = []
  let at = 0
  const varint = (): number => {
    let n = 0
    let scale = 1
    for (;;) {
      const b = buf[at++] as number
      n += (b & 0x7f) * scale
      if (b < 0x80) return n
      scale *= 128
    }
  }
  while (at < buf.length) {
    const tag = varint()
    if ((tag & 7) === 0) out.push({ field: tag >>> 3, value: varint(), bytes: new Uint8Array() })
    else {
      const len = varint()
      out.push({ field: tag >>> 3, value: 0, bytes: buf.subarray(at, at + len) })
      at += len
    }
  }
  return out
}

interface Frame {
  labels: string[]
  queryIndex: number
  chunks: { type: number; min: number; max: number; data: Uint8Array }[]
}

/** Splits a chunked stream into frames, checking each frame's CRC32-Castagnoli. */
function readFrames(body: Uint8Array): Frame[] {
  const frames: Frame[] = []
  let at = 0
  while (at < body.length) {
    let len = 0
    let scale = 1
    for (;;) {
      const b = body[at++] as number
      len += (b & 0x7f) * scale
      if (b < 0x80) break
      scale *= 128
    }
    const crc = new DataView(body.buffer, body.byteOffset + at, 4).getUint32(0, false)
    const message = body.subarray(at + 4, at + 4 + len)
    expect(crc32c(message) >>> 0).toBe(crc)
    at += 4 + len
    const frame: Frame = { labels: [], queryIndex: 0, chunks: [] }
    for (const f of fields(message)) {
      if (f.field === 2) frame.queryIndex = f.value
      if (f.field !== 1) continue
      for (const s of fields(f.bytes)) {
        if (s.field === 1)
          frame.labels.push(
            fields(s.bytes)
              .map((l) => new TextDecoder().decode(l.bytes))
              .join('='),
          )
        if (s.field !== 2) continue
        const c: Frame['chunks'][number] = { type: 0, min: 0, max: 0, data: new Uint8Array() }
        for (const cf of fields(s.bytes)) {
          if (cf.field === 1) c.min = cf.value
          if (cf.field === 2) c.max = cf.value
          if (cf.field === 3) c.type = cf.value
          if (cf.field === 4) c.data = cf.bytes
        }
        frame.chunks.push(c)
      }
    }
    frames.push(frame)
  }
  return frames
}
