// The rules bench's data source: ONE port serving `metrics` counters × `series` label values each
// (default 100 × 1,000 = 100k series) in the text format. Counters advance by their index on every
// rebuild (every 10 s), so rate() and increase() have something to compute, and the body is built once
// per rebuild: scrapes cost a buffer write, not this process's CPU. Always plain text: loopback has
// bandwidth to spare, and a gzip body cut off by a scrape timeout hangs our scrape loop today
// (scrape-http.ts pipes the response into gunzip with .pipe(), which does not pass the abort on).
// Usage: node bench/rules/fixture-exporter.js <port> [metrics] [series]; prints "ready" once listening.
import { createServer } from 'node:http'
import { metricName } from './rules-file.js'

const port = Number(process.argv[2])
const metrics = Number(process.argv[3] ?? 100)
const series = Number(process.argv[4] ?? 1000)
const REBUILD_MS = 10_000

if (!Number.isInteger(port) || port <= 0 || !(metrics > 0) || !(series > 0)) {
  console.error('cannot start fixture exporter (usage: fixture-exporter.js <port> [metrics] [series])')
  process.exit(2)
}

let plain = Buffer.alloc(0)
let generation = 0

function rebuild() {
  generation++
  const parts = []
  for (let m = 0; m < metrics; m++) {
    const name = metricName(m)
    parts.push(`# HELP ${name} A counter of the rules bench.\n# TYPE ${name} counter\n`)
    for (let s = 0; s < series; s++) {
      parts.push(`${name}{series="${s}",shard="${s % 10}"} ${generation * (s + 1)}\n`)
    }
  }
  plain = Buffer.from(parts.join(''))
}

rebuild()
setInterval(rebuild, REBUILD_MS).unref()

const server = createServer({ keepAliveTimeout: 60_000 }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': plain.length })
  res.end(plain)
})
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'))
process.on('SIGTERM', () => {
  server.closeAllConnections()
  process.exit(0)
})
