import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'
import { eventually } from './lib/prometheus.js'

// Budget: ≤ 60 s (measured 10 s). Runs the BUILT binary: `watchfire up` brings the server, Alertmanager,
// Pushgateway and node exporter up in one process on the given ports, scrapes all of them and a --target,
// stays under 150 MB of resident memory when idle, reports a taken port with its holder, stops every part
// when one cannot start, and shuts down cleanly on SIGTERM (exit 0, Pushgateway persistence file written).

const BIN = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))
const IDLE_RSS_LIMIT_BYTES = 150 * 1024 * 1024

interface Run {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

function up(args: string[], cwd: string): Run {
  const child = spawn(process.execPath, [BIN, 'up', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => out, exited }
}

async function query(
  base: string,
  expr: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`)
  const body = (await res.json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] }
  }
  return body.data.result
}

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m?.[1]) * 1024
}

describe('watchfire up: the whole stack in one process', () => {
  let cwd = ''
  let app: Server
  let appPort = 0
  let stack: Run
  const ports = { server: 0, alertmanager: 0, pushgateway: 0, nodeExporter: 0 }
  let base = ''

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'watchfire-up-stack-'))
    app = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      res.end('# TYPE app_ready gauge\napp_ready 1\n')
    })
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r))
    appPort = (app.address() as { port: number }).port
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort()
    base = `http://127.0.0.1:${ports.server}`
    stack = up(
      [
        `--web.listen-address=127.0.0.1:${ports.server}`,
        `--alertmanager.listen-address=127.0.0.1:${ports.alertmanager}`,
        `--pushgateway.listen-address=127.0.0.1:${ports.pushgateway}`,
        `--node-exporter.listen-address=127.0.0.1:${ports.nodeExporter}`,
        `--target=127.0.0.1:${appPort}`,
        '--scrape.interval=1s',
      ],
      cwd,
    )
    await waitForHttp(`${base}/-/ready`, 20_000).catch((err: unknown) => {
      throw new Error(`watchfire up did not get ready: ${stack.output()}`, { cause: err })
    })
  }, 30_000)

  afterAll(async () => {
    if (stack !== undefined && stack.child.exitCode === null) {
      stack.child.kill('SIGKILL')
      await stack.exited
    }
    await new Promise<void>((r) => app?.close(() => r()))
    if (cwd !== '') await rm(cwd, { recursive: true, force: true })
  })

  it('serves all four parts and prints their URLs', async () => {
    for (const url of [
      `${base}/-/ready`,
      `http://127.0.0.1:${ports.alertmanager}/-/ready`,
      `http://127.0.0.1:${ports.pushgateway}/-/ready`,
      `http://127.0.0.1:${ports.nodeExporter}/metrics`,
    ]) {
      expect((await fetch(url)).status, url).toBe(200)
    }
    expect(stack.output()).toContain(`http://127.0.0.1:${ports.alertmanager}`)
    expect(stack.output()).toContain(`http://127.0.0.1:${ports.nodeExporter}/metrics`)
  })

  it('scrapes every part and the --target with the generated configuration', async () => {
    const jobs = await eventually(async () => {
      const r = await query(base, 'up == 1')
      return r.length === 5 ? r.map((s) => `${s.metric['job']} ${s.metric['instance']}`).sort() : undefined
    }, 15_000)
    expect(jobs).toEqual(
      [
        `alertmanager 127.0.0.1:${ports.alertmanager}`,
        `app 127.0.0.1:${appPort}`,
        `node 127.0.0.1:${ports.nodeExporter}`,
        `pushgateway 127.0.0.1:${ports.pushgateway}`,
        `watchfire 127.0.0.1:${ports.server}`,
      ].sort(),
    )
    const generated = readFileSync(join(cwd, 'data', 'prometheus.yml'), 'utf8')
    expect(generated).toContain(`targets: ["127.0.0.1:${ports.alertmanager}"]`)
    expect(existsSync(join(cwd, 'data', 'rules.yml'))).toBe(true)
    expect(existsSync(join(cwd, 'data', 'alertmanager.yml'))).toBe(true)
    expect(existsSync(join(cwd, 'data', 'prometheus', 'wal'))).toBe(true)
  })

  it('keeps the labels of pushed series (honor_labels) and loads the starter rules', async () => {
    const pushed = await fetch(`http://127.0.0.1:${ports.pushgateway}/metrics/job/nightly/instance/db1`, {
      method: 'PUT',
      body: '# TYPE backup_last_success_seconds gauge\nbackup_last_success_seconds 1700000000\n',
    })
    expect(pushed.status).toBe(200)
    const series = await eventually(async () => {
      const r = await query(base, 'backup_last_success_seconds')
      return r.length > 0 ? r : undefined
    }, 10_000)
    expect(series[0]?.metric).toMatchObject({ job: 'nightly', instance: 'db1' })
    const rules = (await (await fetch(`${base}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string }[] }[] }
    }
    expect(rules.data.groups.flatMap((g) => g.rules.map((r) => r.name))).toEqual([
      'TargetDown',
      'DiskFilling',
      'HighErrorRate',
    ])
  })

  it('stays under 150 MB of resident memory when idle', async () => {
    await new Promise((r) => setTimeout(r, 3000))
    const rss = rssBytes(stack.child.pid as number)
    console.log(`watchfire up idle RSS: ${(rss / 1024 / 1024).toFixed(1)} MB`)
    expect(rss).toBeLessThan(IDLE_RSS_LIMIT_BYTES)
  })

  it('reports a port in use with the pid and command of its holder', async () => {
    const dir = join(cwd, 'second')
    const second = up(
      [
        `--web.listen-address=127.0.0.1:${await freePort()}`,
        `--pushgateway.listen-address=127.0.0.1:${ports.pushgateway}`,
        `--alertmanager.listen-address=127.0.0.1:${await freePort()}`,
        `--node-exporter.listen-address=127.0.0.1:${await freePort()}`,
        `--data-dir=${dir}`,
      ],
      cwd,
    )
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain(
      `port ${ports.pushgateway} (--pushgateway.listen-address=127.0.0.1:${ports.pushgateway}) is in use by pid ${stack.child.pid} (`,
    )
    expect(second.output()).toContain(`${BIN} up`)
  })

  it('stops the parts already running when one cannot start', async () => {
    const bad = join(cwd, 'bad-alertmanager.yml')
    await writeFile(bad, 'route:\n  receiver: nowhere\nreceivers: []\n')
    const third = up(
      [
        `--web.listen-address=127.0.0.1:${await freePort()}`,
        `--pushgateway.listen-address=127.0.0.1:${await freePort()}`,
        `--alertmanager.listen-address=127.0.0.1:${await freePort()}`,
        `--node-exporter.listen-address=127.0.0.1:${await freePort()}`,
        `--alertmanager.config=${bad}`,
        `--data-dir=${join(cwd, 'third')}`,
      ],
      cwd,
    )
    expect(await third.exited).toBe(1)
    expect(third.output()).toMatch(/cannot start alertmanager \(.+\); stopped node exporter, pushgateway/)
  })

  it('shuts every part down cleanly on SIGTERM', async () => {
    stack.child.kill('SIGTERM')
    expect(await stack.exited).toBe(0)
    const out = stack.output()
    for (const part of ['server', 'alertmanager', 'pushgateway', 'node exporter'])
      expect(out).toContain(`stopped ${part}`)
    // The persistence interval (5 min) has not passed: the file is the one written at shutdown.
    expect(out).toMatch(/Received termination request[\s\S]*component=pushgateway .*msg="metrics persisted"/)
    const persisted = JSON.parse(readFileSync(join(cwd, 'data', 'pushgateway', 'metrics.store'), 'utf8')) as {
      groups: { labels: Record<string, string> }[]
    }
    expect(persisted.groups.map((g) => g.labels)).toContainEqual({ job: 'nightly', instance: 'db1' })
    expect(existsSync(join(cwd, 'data', 'alertmanager', 'silences.json'))).toBe(true)
  })
})
