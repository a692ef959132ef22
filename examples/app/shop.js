// A small shop API instrumented with @watchfire/client, run as a cluster of workers (docs/tutorial.md).
import cluster from 'node:cluster'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import {
  Counter,
  Gauge,
  Histogram,
  MultiprocessCollector,
  Registry,
  Summary,
  collectDefaultMetrics,
  expressMetrics,
} from '@watchfire/client'

const port = Number(process.env.PORT ?? 3000)
const workers = Number(process.env.WORKERS ?? 2)

if (cluster.isPrimary) {
  // The workers share their metrics through this directory (the client's multi-process mode).
  process.env.WATCHFIRE_MULTIPROC_DIR ??= mkdtempSync(join(tmpdir(), 'shop-metrics-'))
  for (let i = 0; i < workers; i++) cluster.fork()
  cluster.on('exit', (worker) => {
    if (!worker.exitedAfterDisconnect) cluster.fork() // replace a crashed worker
  })
  console.log(`shop on http://localhost:${port} with ${workers} workers`)
} else {
  const orders = new Counter({
    name: 'shop_orders_total',
    help: 'Orders placed, by payment method.',
    labelNames: ['payment'],
  })
  const orderValue = new Histogram({
    name: 'shop_order_value_dollars',
    help: 'Value of the orders placed.',
    buckets: [5, 10, 25, 50, 100, 250],
  })
  const checkoutTime = new Summary({
    name: 'shop_checkout_seconds',
    help: 'Time to check an order out, over the last ten minutes.',
    percentiles: [0.5, 0.9, 0.99],
    maxAgeSeconds: 600,
    ageBuckets: 5,
  })
  const openCarts = new Gauge({
    name: 'shop_open_carts',
    help: 'Carts being checked out right now.',
    multiprocessMode: 'livesum', // the sum over the workers alive
  })

  // Any worker answers a scrape with every worker's metrics, read from the shared directory,
  // plus its own process and Node.js metrics (CPU, memory, event loop, GC) labelled by worker.
  const scrapeRegistry = new Registry()
  scrapeRegistry.registerCollector(new MultiprocessCollector())
  collectDefaultMetrics({ register: scrapeRegistry, labels: { worker: String(cluster.worker.id) } })

  const app = express()
  app.get('/metrics', async (req, res) => {
    res.set('Content-Type', scrapeRegistry.contentType).send(await scrapeRegistry.metrics())
  })
  // http_requests_total and http_request_duration_seconds by method, route and status code.
  app.use(expressMetrics({ metricsPath: false }))
  app.use(express.json())

  app.get('/', (req, res) => {
    res.send('welcome to the shop\n')
  })
  app.post('/orders', async (req, res) => {
    const { payment = 'card', amount = 0 } = req.body ?? {}
    openCarts.inc()
    const endTimer = checkoutTime.startTimer()
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20)) // the real work
    endTimer()
    openCarts.dec()
    orders.inc({ payment })
    orderValue.observe(Number(amount))
    res.status(201).send(`order placed (${payment}, $${amount})\n`)
  })
  app.get('/fail', (req, res) => {
    res.status(500).send('something broke\n')
  })

  app.listen(port)
}
