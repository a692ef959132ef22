// A fast fake exporter for the scrape-load bench: ONE process listening on `count` loopback ports
// (127.0.0.1:base .. base+count-1), each serving the same text-format body of `series` counters. The body
// and its gzip are rebuilt once a second (values move with a generation counter), so a scrape costs a
// buffer write and the servers under test, not this process, are what the bench measures.
// Usage: node bench/server/fake-exporter.js <basePort> <count> [series]; prints "ready" once all listen.
import { createServer } from 'node:http'
import { gzipSync } from 'node:zlib'

const basePort = Number(process.argv[2])
const count = Number(process.argv[3])
const series = Number(process.argv[4] ?? 1000)
const REBUILD_MS = 1000

if (!Number.isInteger(basePort) || !Number.isInteger(count) || basePort <= 0 || count <= 0) {
  console.error('cannot start fake exporter (usage: fake-exporter.js <basePort> <count> [series])')
  process.exit(2)
}

let plain = Buffer.alloc(0)
let gzipped = Buffer.alloc(0)
let generation = 0

/** Rebuilds the shared body: `series` counters over 10 shards × series/10 paths, all moving each rebuild. */
function rebuild() {
  generation++
  const lines = [
    '# HELP fake_requests_total Requests handled by a fake path.',
    '# TYPE fake_requests_total counter',
  ]
  for (let i = 0; i < series; i++) {
    lines.push(
      `fake_requests_total{shard="${i % 10}",path="/p${Math.floor(i / 10)}"} ${generation * (i + 1)}`,
    )
  }
  plain = Buffer.from(lines.join('\n') + '\n')
  gzipped = gzipSync(plain, { level: 1 })
}
rebuild()
setInterval(rebuild, REBUILD_MS).unref()

let served = 0
function handle(req, res) {
  served++
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')
  const body = gzip ? gzipped : plain
  const headers = { 'content-type': 'text/plain; version=0.0.4', 'content-length': body.length }
  if (gzip) headers['content-encoding'] = 'gzip'
  res.writeHead(200, headers)
  res.end(body)
}

const servers = []
await Promise.all(
  Array.from(
    { length: count },
    (_, i) =>
      new Promise((resolve, reject) => {
        const server = createServer({ keepAliveTimeout: 60_000 }, handle)
        servers.push(server)
        server.once('error', reject)
        server.listen(basePort + i, '127.0.0.1', resolve)
      }),
  ),
)
process.stdout.write('ready\n')

// Reports how many scrapes were served when asked, so the bench can cross-check the servers' own counts.
process.on('SIGUSR2', () => process.stdout.write(`served ${served}\n`))
process.on('SIGTERM', () => {
  for (const server of servers) server.closeAllConnections?.()
  process.exit(0)
})
