// A tiny node:http service instrumented with @watchfire/client. It serves its metrics on
// http://127.0.0.1:9464/metrics (PORT and HOST override) and sends itself a little traffic so the
// graphs move; TRAFFIC=0 turns that off. Run it with `npm run example` (builds the packages first).
import { createServer, request } from 'node:http'
import {
  Counter,
  Gauge,
  Histogram,
  Summary,
  collectDefaultMetrics,
  metricsHandler,
  register,
} from '@watchfire/client'

const port = Number(process.env.PORT ?? 9464)
const host = process.env.HOST ?? '127.0.0.1'

// process_* and nodejs_* metrics: CPU, memory, file descriptors, event loop, GC, heap.
collectDefaultMetrics()

const requests = new Counter({
  name: 'example_http_requests_total',
  help: 'HTTP requests served, by route and status code.',
  labelNames: ['route', 'code'],
})

// Classic buckets for every format, native buckets as well for scrapers that ask for protobuf.
const latency = new Histogram({
  name: 'example_http_request_duration_seconds',
  help: 'Time to serve an HTTP request, by route.',
  labelNames: ['route'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  nativeHistogram: { schema: 3 },
})

const responseSize = new Summary({
  name: 'example_http_response_size_bytes',
  help: 'Size of HTTP response bodies, over the last ten minutes.',
  percentiles: [0.5, 0.9, 0.99],
  maxAgeSeconds: 600,
  ageBuckets: 5,
})

const inFlight = new Gauge({
  name: 'example_http_requests_in_flight',
  help: 'HTTP requests being served right now.',
})

const serveMetrics = metricsHandler(register)

// Each route waits a while to mimic real work; /api/orders sometimes fails.
const routes = {
  '/': { delayMs: () => 1 + Math.random() * 4, fails: () => false },
  '/api/users': { delayMs: () => 5 + Math.random() * 40, fails: () => false },
  '/api/orders': { delayMs: () => 20 + Math.random() * 300, fails: () => Math.random() < 0.05 },
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]
  if (path === '/metrics') {
    serveMetrics(req, res)
    return
  }
  const route = routes[path]
  if (route === undefined) {
    requests.inc({ route: 'unmatched', code: '404' })
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
    return
  }
  inFlight.inc()
  const endTimer = latency.startTimer({ route: path })
  setTimeout(() => {
    const code = route.fails() ? 500 : 200
    const body = code === 200 ? `hello from ${path}\n`.repeat(1 + Math.floor(Math.random() * 20)) : 'failed\n'
    res.writeHead(code, { 'content-type': 'text/plain' }).end(body)
    requests.inc({ route: path, code: String(code) })
    responseSize.observe(Buffer.byteLength(body))
    endTimer()
    inFlight.dec()
  }, route.delayMs())
})

server.listen(port, host, () => {
  console.log(`metrics on http://${host}:${port}/metrics`)
  if (process.env.TRAFFIC !== '0') startTraffic()
})

function startTraffic() {
  const paths = [...Object.keys(routes), '/missing']
  const timer = setInterval(() => {
    const path = paths[Math.floor(Math.random() * paths.length)]
    request({ host, port, path }, (res) => res.resume())
      .on('error', () => {})
      .end()
  }, 200)
  timer.unref()
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => process.exit(0)))
}
