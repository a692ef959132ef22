// Budget: ≤ 30 s (measured ~4 s).
// The connection limits of the server (header size, slow clients, max connections) guard every
// part that serves HTTP: Pushgateway, Alertmanager and node exporter are started in-process and
// sent an oversized request head (431); the Pushgateway and Alertmanager also count their
// body-size refusals (413) in watchfire_http_requests_rejected_total{reason}.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAlertmanager } from '@watchfire/alertmanager'
import { startNodeExporter } from '@watchfire/node-exporter'
import { startPushgateway } from '@watchfire/pushgateway'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

interface Part {
  url: string
  close(): Promise<void>
}

interface Case {
  name: string
  start(dir: string): Promise<Part>
  /** A request over the part's body limit (counted as body_too_large), or undefined. */
  tooLarge?: (host: string) => string
  /** Where the part shows the rejection counter, or undefined when it does not count. */
  metricsPath?: string
}

const CASES: Case[] = [
  {
    name: 'Pushgateway',
    start: () => startPushgateway({ listenAddress: '127.0.0.1:0', maxBodyBytes: 1024 }),
    tooLarge: (host) =>
      `PUT /metrics/job/j HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 4096\r\n\r\n${'x'.repeat(4096)}`,
    metricsPath: '/metrics',
  },
  {
    name: 'Alertmanager',
    start: async (dir) => {
      const configFile = join(dir, 'alertmanager.yml')
      await writeFile(configFile, 'route:\n  receiver: none\nreceivers:\n  - name: none\n')
      return startAlertmanager({ configFile, storagePath: join(dir, 'am'), listenAddress: '127.0.0.1:0' })
    },
    tooLarge: (host) =>
      `POST /api/v2/alerts HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${40 << 20}\r\n\r\n[]`,
    metricsPath: '/metrics',
  },
  {
    name: 'node exporter',
    start: () => startNodeExporter({ listenAddress: '127.0.0.1:0' }),
  },
]

/** Sends raw bytes and resolves with the status line of the answer (or '' when the connection just closed). */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    let data = ''
    socket.on('error', () => undefined)
    socket.on('data', (c: Buffer) => {
      data += c.toString()
      if (data.includes('\r\n')) {
        socket.destroy()
        resolve(data.slice(0, data.indexOf('\r\n')))
      }
    })
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''))
    socket.write(text)
  })
}

async function rejected(url: string, reason: string): Promise<number> {
  const text = await (await fetch(url)).text()
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`watchfire_http_requests_rejected_total{reason="${reason}"}`))
  return line === undefined ? 0 : Number(line.split(' ').at(-1))
}

let dir: string
const running: Part[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-part-limits-'))
})

afterAll(async () => {
  for (const p of running) await p.close()
  await rm(dir, { recursive: true, force: true })
})

const started = new Map<string, Part>()

describe.each(CASES)('$name', ({ name, start, metricsPath }) => {
  it('answers 431 to a request head over 64 KiB', async () => {
    const part = await start(dir)
    running.push(part)
    started.set(name, part)
    const host = new URL(part.url).host
    const head = `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(100 << 10)}\r\n\r\n`
    expect(await rawRequest(part.url, head)).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    if (metricsPath !== undefined)
      expect(await rejected(`${part.url}${metricsPath}`, 'header_too_large')).toBe(1)
  })
})

describe.each(CASES.filter((c) => c.tooLarge !== undefined))('$name body limit', (c) => {
  it('answers 413 to a body over its limit and counts it', async () => {
    const part = started.get(c.name) as Part
    const status = await rawRequest(
      part.url,
      (c.tooLarge as (host: string) => string)(new URL(part.url).host),
    )
    expect(status).toMatch(/^HTTP\/1\.1 413 /)
    expect(await rejected(`${part.url}${c.metricsPath ?? ''}`, 'body_too_large')).toBe(1)
  })
})
