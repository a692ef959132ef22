// The hot path in multi-process mode against single-process mode, in one process: increments stay in memory
// and a timer flushes them, so the target (at most 1.5x) should hold with room to spare.
// Usage: node bench/multiprocess/node-hot-path.js   (after npm run build)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as watchfire from '@watchfire/client'
import { nsPerOp } from '../lib/measure.js'

const cases = [
  [
    'counter.inc({method, code})',
    2_000_000,
    (c) => (n) => {
      for (let i = 0; i < n; i++) c.inc({ method: i & 1 ? 'GET' : 'POST', code: '200' })
    },
  ],
  [
    'cached child.inc()',
    10_000_000,
    (c) => {
      const child = c.labels('GET', '200')
      return (n) => {
        for (let i = 0; i < n; i++) child.inc()
      }
    },
  ],
]

function counter(registry) {
  return new watchfire.Counter({
    name: 'c_total',
    help: 'h',
    labelNames: ['method', 'code'],
    registers: [registry],
  })
}

export async function run() {
  const single = new watchfire.Registry()
  const shared = new watchfire.Registry()
  const directory = mkdtempSync(join(tmpdir(), 'watchfire-hot-path-'))
  const writer = watchfire.enableMultiprocess({ directory, registers: [shared] })
  const lines = [
    '\nmulti-process hot path (default flush interval, 1 s)',
    '| operation | single-process | multi-process | ratio |',
    '|---|---|---|---|',
  ]
  try {
    for (const [name, iterations, body] of cases) {
      const loops = [body(counter(single)), body(counter(shared))]
      // Alternating rounds, so JIT and machine noise hit both modes alike.
      const samples = [[], []]
      for (let round = 0; round < 7; round++) {
        for (const mode of [0, 1])
          samples[mode].push(await nsPerOp(loops[mode], { iterations, runs: 1, warmups: 1 }))
      }
      const [a, b] = samples.map((s) => s.sort((x, y) => x - y)[3])
      lines.push(`| ${name} | ${a.toFixed(1)} ns | ${b.toFixed(1)} ns | ${(b / a).toFixed(2)}x |`)
      single.clear()
      shared.clear()
    }
  } finally {
    writer.close()
    rmSync(directory, { recursive: true, force: true })
  }
  console.log(lines.join('\n'))
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
