// Idle resident memory and CPU of `watchfire up` (one Node.js process) next to the four original binaries from
// Debian's packages (prometheus, prometheus-alertmanager, prometheus-pushgateway, prometheus-node-exporter)
// started together with the same configuration: the prometheus.yml, rules and alertmanager.yml that
// `watchfire up` generated, pointed at the originals' ports. Both stacks run at the same time, so they see
// the same machine load; after a warm-up, RSS is sampled every second and CPU time is taken over the window.
// Usage: npm run bench -- up   (or: node bench/up/vs-originals.js after a build)
// BENCH_UP_WARMUP_S (default 20) and BENCH_UP_WINDOW_S (default 60) set the durations; the scrape and rule
// evaluation interval is `watchfire up`'s default, 15 s.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../lib/ports.js'

const BIN = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))
const ORIGINALS = {
  prometheus: process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus',
  alertmanager: process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager',
  pushgateway: process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway',
  nodeExporter: process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter',
}
const WARMUP_S = Number(process.env.BENCH_UP_WARMUP_S ?? 20)
const WINDOW_S = Number(process.env.BENCH_UP_WINDOW_S ?? 60)
const CLK_TCK = 100
const PAGE_BYTES = 4096

async function waitFor(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`cannot reach ${url}`)
}

function start(command, args, cwd) {
  return spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'ignore'] })
}

/** Resident bytes and user+system CPU seconds of a process, from /proc/<pid>/stat. */
async function usage(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    rssBytes: Number(fields[21]) * PAGE_BYTES,
    cpuS: (Number(fields[11]) + Number(fields[12])) / CLK_TCK,
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'watchfire-bench-up-'))
  const ours = {
    server: await freePort(),
    alertmanager: await freePort(),
    pushgateway: await freePort(),
    nodeExporter: await freePort(),
  }
  const theirs = {
    server: await freePort(),
    alertmanager: await freePort(),
    pushgateway: await freePort(),
    nodeExporter: await freePort(),
  }
  const children = []
  try {
    const up = start(
      process.execPath,
      [
        BIN,
        'up',
        `--data-dir=${join(dir, 'watchfire')}`,
        `--web.listen-address=127.0.0.1:${ours.server}`,
        `--alertmanager.listen-address=127.0.0.1:${ours.alertmanager}`,
        `--pushgateway.listen-address=127.0.0.1:${ours.pushgateway}`,
        `--node-exporter.listen-address=127.0.0.1:${ours.nodeExporter}`,
      ],
      dir,
    )
    children.push({ name: 'watchfire up', child: up })
    await waitFor(`http://127.0.0.1:${ours.server}/-/ready`, up)

    // The same configuration for the originals: watchfire's generated files with the ports swapped.
    const swap = (text) =>
      Object.keys(ours).reduce((t, k) => t.replaceAll(`127.0.0.1:${ours[k]}`, `127.0.0.1:${theirs[k]}`), text)
    const generated = join(dir, 'watchfire')
    await writeFile(
      join(dir, 'prometheus.yml'),
      swap(await readFile(join(generated, 'prometheus.yml'), 'utf8')).replace(
        join(generated, 'rules.yml'),
        join(dir, 'rules.yml'),
      ),
    )
    await writeFile(join(dir, 'rules.yml'), await readFile(join(generated, 'rules.yml'), 'utf8'))
    await writeFile(
      join(dir, 'alertmanager.yml'),
      await readFile(join(generated, 'alertmanager.yml'), 'utf8'),
    )
    const originals = [
      [
        'prometheus 2.42',
        ORIGINALS.prometheus,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'prom-data')}`,
          `--web.listen-address=127.0.0.1:${theirs.server}`,
        ],
        `http://127.0.0.1:${theirs.server}/-/ready`,
      ],
      [
        'alertmanager 0.25',
        ORIGINALS.alertmanager,
        [
          `--config.file=${join(dir, 'alertmanager.yml')}`,
          `--storage.path=${join(dir, 'am-data')}`,
          `--web.listen-address=127.0.0.1:${theirs.alertmanager}`,
          '--cluster.listen-address=',
        ],
        `http://127.0.0.1:${theirs.alertmanager}/-/ready`,
      ],
      [
        'pushgateway 1.5',
        ORIGINALS.pushgateway,
        [
          `--persistence.file=${join(dir, 'pg-data')}`,
          `--web.listen-address=127.0.0.1:${theirs.pushgateway}`,
        ],
        `http://127.0.0.1:${theirs.pushgateway}/-/ready`,
      ],
      [
        'node_exporter 1.5',
        ORIGINALS.nodeExporter,
        [`--web.listen-address=127.0.0.1:${theirs.nodeExporter}`],
        `http://127.0.0.1:${theirs.nodeExporter}/metrics`,
      ],
    ]
    for (const [name, bin, args, ready] of originals) {
      const child = start(bin, args, dir)
      children.push({ name, child })
      await waitFor(ready, child)
    }

    await new Promise((r) => setTimeout(r, WARMUP_S * 1000))
    const before = await Promise.all(children.map((c) => usage(c.child.pid)))
    const rss = children.map(() => [])
    for (let s = 0; s < WINDOW_S; s++) {
      await new Promise((r) => setTimeout(r, 1000))
      const now = await Promise.all(children.map((c) => usage(c.child.pid)))
      now.forEach((u, i) => rss[i].push(u.rssBytes))
    }
    const after = await Promise.all(children.map((c) => usage(c.child.pid)))
    const rows = children.map((c, i) => ({
      name: c.name,
      rssBytes: median(rss[i]),
      cpuS: after[i].cpuS - before[i].cpuS,
    }))
    const [w, ...o] = rows
    const total = { rssBytes: o.reduce((s, r) => s + r.rssBytes, 0), cpuS: o.reduce((s, r) => s + r.cpuS, 0) }
    const pct = (cpuS) => `${((cpuS / WINDOW_S) * 100).toFixed(2)} %`
    console.log(
      [
        `\nwatchfire up vs the four originals, idle (scrape and evaluation every 15 s), ${WINDOW_S} s window after ${WARMUP_S} s`,
        '| process | RSS (median) | CPU over the window | CPU (% of one core) |',
        '|---|---|---|---|',
        ...rows.map((r) => `| ${r.name} | ${mb(r.rssBytes)} | ${r.cpuS.toFixed(2)} s | ${pct(r.cpuS)} |`),
        `| the four originals together | ${mb(total.rssBytes)} | ${total.cpuS.toFixed(2)} s | ${pct(total.cpuS)} |`,
        '',
        `RSS ratio (watchfire up / originals): ${(w.rssBytes / total.rssBytes).toFixed(2)}x; ` +
          `CPU ratio: ${total.cpuS === 0 ? 'n/a' : `${(w.cpuS / total.cpuS).toFixed(2)}x`}; ` +
          `watchfire up idle RSS ${mb(w.rssBytes)} (budget 150 MB)`,
      ].join('\n'),
    )
  } finally {
    for (const { child } of children.reverse()) {
      if (child.exitCode !== null) continue
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
