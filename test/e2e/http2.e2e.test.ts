import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startNodeExporter, type NodeExporter } from '@watchfire/node-exporter'
import { HttpClient, startServer, type HttpClientConfig, type RunningServer } from '@watchfire/server'
import { createWebServer, type WebServer } from '@watchfire/web-config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCa, type TestCa } from '../support/test-certificates.js'
import { freePort } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ≤ 60 s (measured ~21 s with imports, 9 s of tests). HTTP/2 against the originals over
// TLS: curl 7.88 (nghttp2) negotiates h2 with our listener and with Debian's node exporter alike, and
// agrees no ALPN protocol with either (so speaks HTTP/1.1) under `http2: false`; the real Prometheus
// 2.42 scrapes our node exporter and a recording target built on the same listener (which sees the
// protocol it speaks); our server, itself serving its API over TLS and HTTP/2, scrapes the real node
// exporter, its HTTP client negotiating h2 with it.

const NODE_EXPORTER_BIN = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter'
const run = promisify(execFile)

let dir: string
let ca: TestCa
let h2Config: string
let h1Config: string
let original: Managed
let originalAddress: string
let originalH1: Managed
let originalH1Address: string
let ours: NodeExporter
let recorder: WebServer
let recorderH1: WebServer
let prometheus: RealPrometheus | undefined
let server: RunningServer | undefined
/** Protocol versions each recording target saw, by User-Agent family. */
const seen: { target: string; agent: string; version: string }[] = []

async function listenRecorder(config: string, name: string): Promise<WebServer> {
  const web = createWebServer(
    (req, res) => {
      seen.push({ target: name, agent: String(req.headers['user-agent'] ?? ''), version: req.httpVersion })
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      res.end('# TYPE recorded_total counter\nrecorded_total 1\n')
    },
    { webConfigFile: config, log: () => undefined },
  )
  await new Promise<void>((resolve) => web.server.listen(0, '127.0.0.1', resolve))
  return web
}

const hostOf = (web: WebServer): string => `127.0.0.1:${(web.server.address() as AddressInfo).port}`

/** `curl --http2 -v`: the protocol ALPN settled on and the status line. */
async function curl(url: string): Promise<{ alpn: string; status: string }> {
  const { stderr } = await run('curl', ['--http2', '-sv', '-o', '/dev/null', '--cacert', ca.certFile, url])
  return {
    alpn: stderr.includes('ALPN: server did not agree on a protocol')
      ? 'none'
      : (/ALPN: server accepted (\S+)/.exec(stderr)?.[1] ?? `unknown in: ${stderr}`),
    status: /^< (HTTP\/[\d.]+ \d+)/m.exec(stderr)?.[1] ?? '',
  }
}

/** `curl --http2` with extra arguments: the status line, the Content-Encoding and the (decompressed) body. */
async function curlBody(
  url: string,
  args: readonly string[],
): Promise<{ status: string; encoding: string; body: string }> {
  const { stdout, stderr } = await run('curl', ['--http2', '-sv', '--cacert', ca.certFile, ...args, url])
  return {
    status: /^< (HTTP\/[\d.]+ \d+)/m.exec(stderr)?.[1] ?? '',
    encoding: /^< content-encoding: (\S+)/im.exec(stderr)?.[1] ?? '',
    body: stdout,
  }
}

function scrapeJob(job: string, target: string): string {
  return `
  - job_name: ${job}
    scheme: https
    tls_config: { ca_file: ${ca.certFile} }
    static_configs: [{ targets: ['${target}'] }]`
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-http2-e2e-'))
  ca = createTestCa(dir)
  ca.issue('exporter', ['DNS:localhost', 'IP:127.0.0.1'], 'serverAuth')
  const tls = ['tls_server_config:', '  cert_file: exporter.crt', '  key_file: exporter.key']
  h2Config = join(dir, 'web-h2.yml')
  writeFileSync(h2Config, tls.join('\n') + '\n')
  h1Config = join(dir, 'web-h1.yml')
  writeFileSync(h1Config, [...tls, 'http_server_config:', '  http2: false'].join('\n') + '\n')
  originalAddress = `127.0.0.1:${await freePort()}`
  originalH1Address = `127.0.0.1:${await freePort()}`
  const exporterArgs = ['--collector.disable-defaults', '--collector.loadavg']
  original = startProcess(NODE_EXPORTER_BIN, [
    `--web.listen-address=${originalAddress}`,
    `--web.config.file=${h2Config}`,
    ...exporterArgs,
  ])
  originalH1 = startProcess(NODE_EXPORTER_BIN, [
    `--web.listen-address=${originalH1Address}`,
    `--web.config.file=${h1Config}`,
    ...exporterArgs,
  ])
  ours = await startNodeExporter({
    listenAddress: '127.0.0.1:0',
    webConfigFile: h2Config,
    collectors: ['loadavg'],
  })
  recorder = await listenRecorder(h2Config, 'h2')
  recorderH1 = await listenRecorder(h1Config, 'h1')
}, 60_000)

afterAll(async () => {
  await prometheus?.stop()
  await server?.close()
  await ours?.close()
  for (const web of [recorder, recorderH1]) {
    web?.server.closeAllConnections()
    web?.server.close()
  }
  await original?.stop()
  await originalH1?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('curl --http2 against ours and the original', () => {
  it('negotiates h2 with both under the default web config', async () => {
    const theirs = await eventually(() => curl(`https://${originalAddress}/metrics`), 10_000)
    expect(theirs).toEqual({ alpn: 'h2', status: 'HTTP/2 200' })
    expect(await curl(ours.metricsUrl)).toEqual({ alpn: 'h2', status: 'HTTP/2 200' })
  })

  it('agrees no ALPN protocol with either under http2: false, so curl speaks HTTP/1.1', async () => {
    const theirs = await eventually(() => curl(`https://${originalH1Address}/metrics`), 10_000)
    expect(theirs).toEqual({ alpn: 'none', status: 'HTTP/1.1 200' })
    expect(await curl(`https://${hostOf(recorderH1)}/metrics`)).toEqual({
      alpn: 'none',
      status: 'HTTP/1.1 200',
    })
  })
})

describe('scrapes over TLS', () => {
  it('the real Prometheus 2.42 scrapes our node exporter (up == 1) and speaks HTTP/2 to our listener', async () => {
    prometheus = await startPrometheus(
      `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nscrape_configs:${scrapeJob('ours', new URL(ours.url).host)}${scrapeJob('recorder', hostOf(recorder))}\n`,
    )
    const up = await eventually(async () => {
      const result = (await prometheus?.query('up == 1')) ?? []
      return result.length === 2 ? result.map((s) => s.metric.job).sort() : undefined
    }, 20_000)
    expect(up).toEqual(['ours', 'recorder'])
    const versions = new Set(seen.filter((s) => s.agent.startsWith('Prometheus/')).map((s) => s.version))
    expect([...versions]).toEqual(['2.0'])
  })

  it('our server scrapes the real node exporter (up == 1), its client negotiating h2', async () => {
    server = await startServer({
      config: {
        yaml: `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nscrape_configs:${scrapeJob('original', originalAddress)}${scrapeJob('recorder', hostOf(recorder))}\n`,
      },
      storagePath: join(dir, 'data'),
      listenAddress: '127.0.0.1:0',
      // Our server's own API over TLS and HTTP/2 too: a POSTed query, gzip-compressed /metrics.
      webConfigFile: h2Config,
      log: () => {},
    })
    const query = `${server.url}/api/v1/query`
    const up = await eventually(async () => {
      const { status, body } = await curlBody(query, ['--data-urlencode', 'query=up == 1'])
      const parsed = JSON.parse(body) as { data?: { result: { metric: { job: string } }[] } }
      const jobs = parsed.data?.result.map((s) => s.metric.job).sort() ?? []
      return status === 'HTTP/2 200' && jobs.length === 2 ? jobs : undefined
    }, 20_000)
    expect(up).toEqual(['original', 'recorder'])
    const metrics = await curlBody(`${server.url}/metrics`, ['--compressed'])
    expect([metrics.status, metrics.encoding]).toEqual(['HTTP/2 200', 'gzip'])
    expect(metrics.body).toContain('prometheus_http_requests_total')
    expect(new Set(seen.filter((s) => s.agent.startsWith('Watchfire/')).map((s) => s.version))).toEqual(
      new Set(['2.0']),
    )
    // The scrapes' HTTP client, on its own, against the original.
    const tlsConfig: HttpClientConfig['tlsConfig'] = {
      caFile: ca.certFile,
      certFile: '',
      keyFile: '',
      serverName: '',
      insecureSkipVerify: false,
      minVersion: '',
    }
    const client = new HttpClient({
      bearerToken: '',
      bearerTokenFile: '',
      tlsConfig,
      proxyUrl: '',
      followRedirects: true,
      enableHttp2: true,
    })
    try {
      const res = await client.request(`https://${originalAddress}/metrics`, {
        signal: AbortSignal.timeout(5000),
      })
      let body = ''
      for await (const chunk of res as AsyncIterable<Buffer>) body += chunk.toString()
      expect([res.statusCode, res.httpVersion]).toEqual([200, '2.0'])
      expect(body).toContain('node_load1')
    } finally {
      client.close()
    }
  })
})
