// Budget: ≤ 45 s (measured 12 s, 16 s with vitest's start-up). One real Prometheus 2.42 and one Watchfire server (in-process) read
// the same prometheus.yml; for each file of fixtures/status-config both are reloaded with
// POST /-/reload and /api/v1/status/config must print the same YAML, byte for byte. Then the
// compression of API, /federate and /metrics answers is compared header by header.
//
// Known differences, kept out of the corpus on purpose:
// - external labels with an empty value: 2.42 prints them; Watchfire drops them when it parses, as
//   Prometheus 3 does (an empty label is no label).
// - `storage.exemplars`, `tracing` and `sigv4` sections: Watchfire checks them for shape only and
//   keeps nothing to print.
// - `storage: {tsdb: {}}` written without a window: 2.42 prints `outofordertimewindow: 0`; Watchfire
//   cannot tell it from an absent section and prints nothing.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { gunzipSync, inflateSync } from 'node:zlib'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { PROMETHEUS_BIN } from './lib/prometheus.js'

const CORPUS = join(import.meta.dirname, 'fixtures', 'status-config')

let dir: string
let configFile: string
let real: { url: string; process: Managed }
let ours: RunningServer

async function reload(url: string): Promise<void> {
  const res = await fetch(`${url}/-/reload`, { method: 'POST' })
  if (res.status !== 200) throw new Error(`cannot reload ${url}: ${res.status} ${await res.text()}`)
}

async function configYaml(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/status/config`)
  const body = (await res.json()) as { data: { yaml: string } }
  return body.data.yaml
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-status-config-'))
  configFile = join(dir, 'prometheus.yml')
  await copyFile(join(CORPUS, '01-minimal.yml'), configFile)
  const listen = `127.0.0.1:${await freePort()}`
  const realPort = await freePort()
  // Both read the same file, so relative paths in it resolve against the same directory.
  const proc = startProcess(PROMETHEUS_BIN, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${realPort}`,
    '--web.enable-lifecycle',
    '--log.level=error',
  ])
  real = { url: `http://127.0.0.1:${realPort}`, process: proc }
  ;[, ours] = await Promise.all([
    waitForHttp(`${real.url}/-/ready`, 30_000),
    startServer({
      config: { file: configFile },
      storagePath: join(dir, 'data'),
      listenAddress: listen,
      enableLifecycle: true,
      log: () => {},
    }),
  ])
}, 40_000)

afterAll(async () => {
  await real?.process.stop()
  await ours?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('/api/v1/status/config matches Prometheus 2.42', async () => {
  const files = (await readdir(CORPUS)).filter((f) => f.endsWith('.yml')).sort()

  it('has a corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(15)
  })

  // Sequential: both servers read the one file, rewritten for each case.
  it.each(files)('%s', async (file) => {
    await copyFile(join(CORPUS, file), configFile)
    await reload(real.url)
    await reload(ours.url)
    const [theirs, mine] = await Promise.all([configYaml(real.url), configYaml(ours.url)])
    expect(mine).toBe(theirs)
  })
})

type Decoder = (body: Buffer) => Buffer

const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: gunzipSync,
  deflate: inflateSync,
  none: (body) => body,
}

interface Answer {
  status: number
  encoding: string
  vary: string | null
  /** Header names, lower case and sorted, without the framing ones each runtime picks itself. */
  headers: string[]
  body: string
}

// Go and node:http frame bodies differently (Content-Length or chunked) and Node announces keep-alive.
const FRAMING = new Set(['date', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'])

// node:http rather than fetch, which would decode the body and hide the raw bytes.
function get(url: string, acceptEncoding: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === '' ? {} : { 'Accept-Encoding': acceptEncoding }
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const encoding = String(res.headers['content-encoding'] ?? 'none')
        const decode = DECODERS[encoding]
        const vary = res.headers.vary
        resolve({
          status: res.statusCode ?? 0,
          encoding,
          vary: vary === undefined ? null : String(vary),
          headers: Object.keys(res.headers)
            .filter((h) => !FRAMING.has(h))
            .sort(),
          body: decode === undefined ? '' : decode(Buffer.concat(chunks)).toString('utf8'),
        })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('response compression matches Prometheus 2.42', () => {
  const cases: [string, string][] = [
    ['/api/v1/status/buildinfo', 'gzip'],
    ['/api/v1/status/buildinfo', 'deflate'],
    ['/api/v1/status/buildinfo', 'deflate, gzip'],
    ['/api/v1/status/buildinfo', 'gzip, deflate, br'],
    ['/api/v1/status/buildinfo', 'br'],
    ['/api/v1/status/buildinfo', 'gzip;q=1'],
    ['/api/v1/status/buildinfo', 'GZIP'],
    ['/api/v1/status/buildinfo', ''],
    ['/api/v1/query?query=1%2B1&time=10', 'gzip'],
    ['/api/v1/query', 'gzip'],
    ['/api/v1/labels', 'deflate'],
    ['/api/v1/no-such-endpoint', 'gzip'],
    ['/federate?match[]=up', 'gzip'],
    ['/federate?match[]=up', 'deflate'],
    ['/federate', 'gzip'],
    ['/-/healthy', 'gzip'],
    ['/-/ready', 'deflate'],
    ['/metrics', 'gzip'],
    ['/metrics', 'deflate'],
    ['/metrics', ''],
    ['/-/healthy', ''],
    ['/api/v1/query?query=1', ''],
    ['/federate?match[]=up', ''],
    ['/no-such-page', ''],
  ]

  beforeAll(async () => {
    await copyFile(join(CORPUS, '01-minimal.yml'), configFile)
    await reload(real.url)
    await reload(ours.url)
  })

  it.each(cases)('%s with Accept-Encoding %j', async (path, acceptEncoding) => {
    const [theirs, mine] = await Promise.all([
      get(`${real.url}${path}`, acceptEncoding),
      get(`${ours.url}${path}`, acceptEncoding),
    ])
    expect({ status: mine.status, encoding: mine.encoding, vary: mine.vary, headers: mine.headers }).toEqual({
      status: theirs.status,
      encoding: theirs.encoding,
      vary: theirs.vary,
      headers: theirs.headers,
    })
    // The body decodes with the advertised coding; JSON answers carry the same shape.
    expect(mine.body.length > 0).toBe(theirs.body.length > 0)
    if (path === '/api/v1/query?query=1%2B1&time=10') expect(mine.body).toBe(theirs.body)
  })
})
