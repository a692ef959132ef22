// CPU and heap cost of creating series in the TSDB head, the start-up cost of a big scrape load
// (issue 6: 1,000 targets × 1,000 series): one sample for each of N new series, appended through
// the DB's Appender in batches of 1,000 (one scrape each) and committed, WAL included.
//
//   node bench/tsdb/new-series.js [--n 200000] [--rounds 3] [name=path/to/tsdb/src ...]
//
// Each named tsdb source tree (default: this checkout's packages/tsdb/src) is transpiled into a
// private directory under the OS temp dir, so a copy of an older tree can be measured against the
// current one in the same run, interleaved round by round, each measurement in a fresh process.
import { fork } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BATCH = 1000

function option(args, name, fallback) {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : fallback
}

/** Transpiles model, storage and the given tsdb tree to plain ESM under `out`, wiring @watchfire/* imports. */
async function transpile(tsdbSrc, out) {
  const ts = (await import('typescript')).default
  const trees = {
    model: join(repo, 'packages/model/src'),
    storage: join(repo, 'packages/storage/src'),
    tsdb: tsdbSrc,
  }
  for (const [pkg, src] of Object.entries(trees)) {
    const walk = (dir) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else if (e.name.endsWith('.ts') && !/\.(test|bench)\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) {
          const dest = join(out, pkg, relative(src, p)).replace(/\.ts$/, '.js')
          mkdirSync(dirname(dest), { recursive: true })
          let js = ts.transpileModule(readFileSync(p, 'utf8'), {
            compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
          }).outputText
          js = js.replace(/(['"])@watchfire\/(model|storage|tsdb)\1/g, (_m, q, name) => {
            const rel = relative(dirname(dest), join(out, name, 'index.js'))
            return `${q}${rel.startsWith('.') ? rel : `./${rel}`}${q}`
          })
          writeFileSync(dest, js)
        }
      }
    }
    walk(src)
  }
  // Third-party imports (protobufjs) resolve through the checkout's node_modules.
  symlinkSync(join(repo, 'node_modules'), join(out, 'node_modules'))
}

/** One measurement, in a fresh process: prints {cpuUs, heapBytes} per series as JSON. */
async function child(dir, n) {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc')
  const heap = async () => {
    gc()
    await new Promise((r) => setTimeout(r, 100))
    gc()
    const m = process.memoryUsage()
    return m.heapUsed + m.external
  }
  const { Labels } = await import(join(dir, 'model/index.js'))
  const { openDB } = await import(join(dir, 'tsdb/index.js'))
  const data = mkdtempSync(join(tmpdir(), 'wf-new-series-data-'))
  try {
    const db = await openDB(data, { autoCompact: false, walFsyncIntervalMs: 60_000 })
    // Label sets shaped like a scrape's: built before measuring, as the scrape parser's work.
    const labels = []
    for (let i = 0; i < n; i++) {
      const target = Math.floor(i / BATCH)
      labels.push(
        Labels.fromPairs([
          ['__name__', `bench_metric_${i % 50}`],
          ['instance', `10.0.${target >> 8}.${target & 255}:9100`],
          ['job', 'bench'],
          ['series', String(i)],
        ]),
      )
    }
    const before = await heap()
    const t = 1_700_000_000_000
    const refs = new Array(n)
    // A scrape of every series: the first creates them, the second appends to existing ones by ref.
    const scrape = async (at, first) => {
      const cpu0 = process.cpuUsage()
      for (let b = 0; b < n; b += BATCH) {
        const app = db.appender()
        for (let i = b; i < b + BATCH && i < n; i++)
          refs[i] = app.append(first ? 0 : refs[i], labels[i], at, i)
        await app.commit()
      }
      const cpu = process.cpuUsage(cpu0)
      return (cpu.user + cpu.system) / n
    }
    const cpuUs = await scrape(t, true)
    const heap1 = await heap()
    if (db.head.numSeries !== n)
      throw new Error(`cannot verify benchmark (head holds ${db.head.numSeries} series)`)
    const cpuUs2 = await scrape(t + 15_000, false)
    const heap2 = await heap()
    await db.close()
    return { cpuUs, heapBytes: (heap1 - before) / n, cpuUs2, heapBytes2: (heap2 - before) / n }
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
}

function measure(dir, n) {
  return new Promise((ok, fail) => {
    const p = fork(fileURLToPath(import.meta.url), ['--child', dir, '--n', String(n)], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.on('exit', (code) =>
      code === 0 ? ok(JSON.parse(out)) : fail(new Error(`benchmark child exited ${code}`)),
    )
  })
}

const spread = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return `median ${s[Math.floor(s.length / 2)].toFixed(2)} (${s[0].toFixed(2)}–${s[s.length - 1].toFixed(2)})`
}

/** Runs the comparison (bench/run.js entry point). */
export async function run(args = process.argv.slice(2)) {
  const n = option(args, '--n', 200_000)
  const rounds = option(args, '--rounds', 3)
  const named = args.filter((a) => a.includes('='))
  const variants = (named.length > 0 ? named : [`current=${join(repo, 'packages/tsdb/src')}`]).map((a) => {
    const [name, src] = a.split('=')
    return { name, src: resolve(src) }
  })
  const work = mkdtempSync(join(tmpdir(), 'wf-new-series-'))
  try {
    for (const v of variants) {
      v.dir = join(work, v.name)
      await transpile(v.src, v.dir)
      v.cpu = []
      v.heap = []
      v.cpu2 = []
      v.heap2 = []
    }
    console.log(`tsdb new series: ${n} series, 1 sample each, batches of ${BATCH}, ${rounds} rounds`)
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        const m = await measure(v.dir, n)
        v.cpu.push(m.cpuUs)
        v.heap.push(m.heapBytes)
        v.cpu2.push(m.cpuUs2)
        v.heap2.push(m.heapBytes2)
        console.log(
          `  round ${r + 1} ${v.name}: new series ${m.cpuUs.toFixed(2)} µs CPU, ${m.heapBytes.toFixed(0)} B each;` +
            ` second sample ${m.cpuUs2.toFixed(2)} µs CPU, ${m.heapBytes2.toFixed(0)} B per series after`,
        )
      }
    }
    for (const v of variants) {
      console.log(`${v.name}: new series: CPU µs ${spread(v.cpu)}; heap B ${spread(v.heap)}`)
      console.log(`${v.name}: second sample: CPU µs ${spread(v.cpu2)}; heap B after ${spread(v.heap2)}`)
    }
    if (variants.length === 2) {
      const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
      const [a, b] = variants
      const ratio = (k) => (med(b[k]) / med(a[k])).toFixed(2)
      console.log(
        `ratio ${b.name}/${a.name}: new series CPU ${ratio('cpu')}, heap ${ratio('heap')};` +
          ` second sample CPU ${ratio('cpu2')}, heap after ${ratio('heap2')}`,
      )
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const args = process.argv.slice(2)
if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(await child(args[1], option(args, '--n', 200_000))))
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run(args)
}
