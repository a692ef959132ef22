// The client's hot paths against prom-client 15 (the anchor), the same code run on both libraries in one
// process. Usage: npm run bench -- client   (or: node bench/client/vs-prom-client.js after npm run build)
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { nsPerOp, printComparison } from '../lib/measure.js'

// Each library is timed in its own child process: the cases' loops are shared function literals, and
// running both libraries through one call site would make it polymorphic for whichever runs second.
const libraries = {
  watchfire: () => import('@watchfire/client'),
  'prom-client': () => import('prom-client'),
}

const methods = ['GET', 'POST', 'PUT', 'DELETE']
const codes = ['200', '201', '404', '500']
/** The 16 label sets the labelled cases cycle through. */
const labelSets = methods.flatMap((method) => codes.map((code) => ({ method, code })))

/** Each case builds fresh instruments in its own registry and returns the timed loop. */
const cases = [
  {
    name: 'counter.inc() unlabelled',
    iterations: 5_000_000,
    setup: (lib) => {
      const c = new lib.Counter({ name: 'c', help: 'h', registers: [new lib.Registry()] })
      return (n) => {
        for (let i = 0; i < n; i++) c.inc()
      }
    },
  },
  {
    name: 'counter.inc({method, code})',
    iterations: 1_000_000,
    setup: (lib) => {
      const c = new lib.Counter({
        name: 'c',
        help: 'h',
        labelNames: ['method', 'code'],
        registers: [new lib.Registry()],
      })
      return (n) => {
        for (let i = 0; i < n; i++) c.inc(labelSets[i & 15])
      }
    },
  },
  {
    name: "counter.labels('GET','200').inc()",
    iterations: 1_000_000,
    setup: (lib) => {
      const c = new lib.Counter({
        name: 'c',
        help: 'h',
        labelNames: ['method', 'code'],
        registers: [new lib.Registry()],
      })
      return (n) => {
        for (let i = 0; i < n; i++) c.labels(methods[i & 3], codes[(i >> 2) & 3]).inc()
      }
    },
  },
  {
    name: 'cached child.inc()',
    iterations: 5_000_000,
    setup: (lib) => {
      const c = new lib.Counter({
        name: 'c',
        help: 'h',
        labelNames: ['method', 'code'],
        registers: [new lib.Registry()],
      })
      const child = c.labels('GET', '200')
      return (n) => {
        for (let i = 0; i < n; i++) child.inc()
      }
    },
  },
  {
    name: 'histogram.observe({2 labels}, v)',
    iterations: 1_000_000,
    setup: (lib) => {
      const h = new lib.Histogram({
        name: 'h',
        help: 'h',
        labelNames: ['method', 'code'],
        registers: [new lib.Registry()],
      })
      return (n) => {
        for (let i = 0; i < n; i++) h.observe(labelSets[i & 15], (i % 1000) / 200)
      }
    },
  },
  {
    name: 'summary.observe(v), maxAge 600 s, 5 age buckets',
    iterations: 200_000,
    setup: (lib) => {
      const s = new lib.Summary({
        name: 's',
        help: 'h',
        maxAgeSeconds: 600,
        ageBuckets: 5,
        registers: [new lib.Registry()],
      })
      return (n) => {
        for (let i = 0; i < n; i++) s.observe((i * 7919) % 10007)
      }
    },
  },
  ...[10_000, 100_000].map((series) => ({
    name: `registry.metrics(), ${series / 1000}k counter series`,
    iterations: 1,
    runs: series > 10_000 ? 5 : 9,
    setup: (lib) => {
      const registry = new lib.Registry()
      const c = new lib.Counter({
        name: 'c_total',
        help: 'h',
        labelNames: ['method', 'id'],
        registers: [registry],
      })
      for (let i = 0; i < series; i++) c.inc({ method: methods[i & 3], id: String(i) }, i)
      return () => registry.metrics()
    },
  })),
  {
    name: 'registry.metrics(), 10k histogram series',
    iterations: 1,
    runs: 5,
    setup: (lib) => {
      const registry = new lib.Registry()
      const h = new lib.Histogram({ name: 'h_seconds', help: 'h', labelNames: ['id'], registers: [registry] })
      for (let i = 0; i < 10_000; i++) h.observe({ id: String(i) }, (i % 100) / 10)
      return () => registry.metrics()
    },
  },
]

/** Times every case on one library; prints `{ name: nsPerOp }` as JSON. */
async function timeLibrary(name) {
  const lib = await libraries[name]()
  const results = {}
  for (const c of cases)
    results[c.name] = await nsPerOp(c.setup(lib), { iterations: c.iterations, runs: c.runs })
  process.stdout.write(JSON.stringify(results))
}

export async function run() {
  const script = fileURLToPath(import.meta.url)
  const timings = {}
  for (const name of ['prom-client', 'watchfire']) {
    const { stdout } = await promisify(execFile)(process.execPath, [script, name], { maxBuffer: 1 << 20 })
    timings[name] = JSON.parse(stdout)
  }
  const rows = cases.map((c) => ({
    name: c.name,
    watchfire: timings.watchfire[c.name],
    anchor: timings['prom-client'][c.name],
  }))
  printComparison(
    'client hot paths: @watchfire/client vs prom-client 15.1.3 (each in its own process)',
    'prom-client',
    rows,
  )
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2]
  if (only !== undefined) await timeLibrary(only)
  else await run()
}
