import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { eventually } from './lib/prometheus.js'

// Budget: ~10 s. Runs the BUILT binary (`npm test` builds first): `watchfire up` in a fresh
// directory must serve `up == 1` for itself, keep its data in ./data there, and answer
// `watchfire query`; `watchfire server` must reload on SIGHUP and POST /-/reload, keeping the
// running configuration when the new file is broken.

const BIN = fileURLToPath(new URL('../../packages/cli/bin/watchfire.js', import.meta.url))
const run = promisify(execFile)

interface Running {
  child: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
  return {
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
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

describe('watchfire up', () => {
  let cwd: string
  let proc: Running
  let base: string

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'watchfire-up-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    // The other parts of the stack on free ports too (test/e2e/up-stack.e2e.test.ts covers them).
    const others = ['alertmanager', 'pushgateway', 'node-exporter']
    const otherFlags = await Promise.all(
      others.map(async (p) => `--${p}.listen-address=127.0.0.1:${await freePort()}`),
    )
    proc = start(['up', `--web.listen-address=127.0.0.1:${port}`, ...otherFlags, '--scrape.interval=1s'], cwd)
    await waitForHttp(`${base}/-/ready`, 20_000).catch((err: unknown) => {
      throw new Error(`watchfire up did not get ready: ${proc.output()}`, { cause: err })
    })
  })
  afterAll(async () => {
    await proc?.stop()
    if (cwd !== undefined) await rm(cwd, { recursive: true, force: true })
  })

  it('prints its URL, scrapes itself and answers up == 1', async () => {
    expect(proc.output()).toContain(base)
    const result = await eventually(async () => {
      const r = await query(base, 'up{job="watchfire"}')
      return r.length > 0 ? r : undefined
    }, 10_000)
    expect(result).toEqual([
      {
        metric: { __name__: 'up', instance: base.slice('http://'.length), job: 'watchfire' },
        value: [expect.any(Number), '1'],
      },
    ])
    expect(existsSync(join(cwd, 'data', 'prometheus', 'wal'))).toBe(true)
  })

  it('serves the web UI, with /graph redirecting to the expression browser', async () => {
    const page = await fetch(`${base}/query`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toContain('<title>Watchfire</title>')
    const graph = await fetch(`${base}/graph?g0.expr=up`, { redirect: 'manual' })
    expect(graph.status).toBe(302)
    expect(graph.headers.get('location')).toContain('/query?g0.expr=up')
    expect((await fetch(`${base}/no-such-page`)).status).toBe(404)
  })

  it('answers watchfire query with a table', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'query', 'instant', 'up', `--server=${base}`])
    expect(stdout.split('\n')[0]).toMatch(/^SERIES\s+TIMESTAMP\s+VALUE$/)
    expect(stdout).toMatch(/^up\{instance="127\.0\.0\.1:\d+", job="watchfire"\}\s+\S+Z\s+1$/m)
  })
})

describe('watchfire server reloads', () => {
  let dir: string
  let proc: Running
  let base: string
  const config = (job: string, port: number): string =>
    `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: ${job}\n    static_configs: [{ targets: ['127.0.0.1:${port}'] }]\n`
  const jobs = async (): Promise<string[]> => {
    const res = await fetch(`${base}/api/v1/targets`)
    const body = (await res.json()) as { data: { activeTargets: { scrapePool: string }[] } }
    return body.data.activeTargets.map((t) => t.scrapePool)
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-server-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    await writeFile(join(dir, 'prometheus.yml'), config('first', port))
    proc = start(
      [
        'server',
        '--config.file=prometheus.yml',
        '--storage.tsdb.path=data',
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
      ],
      dir,
    )
    await waitForHttp(`${base}/-/ready`, 20_000).catch((err: unknown) => {
      throw new Error(`watchfire server did not get ready: ${proc.output()}`, { cause: err })
    })
    await eventually(async () => ((await jobs()).includes('first') ? true : undefined), 10_000)
  })
  afterAll(async () => {
    await proc?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('keeps the running configuration on a bad SIGHUP reload and adopts a good one', async () => {
    const port = Number(new URL(base).port)
    await writeFile(join(dir, 'prometheus.yml'), 'scrape_configs: [{ job_name: x, scrape_interval: 5x }]\n')
    proc.child.kill('SIGHUP')
    await eventually(async () => (proc.output().includes('Error reloading config') ? true : undefined), 5_000)
    expect(await jobs()).toEqual(['first'])
    await writeFile(join(dir, 'prometheus.yml'), config('second', port))
    proc.child.kill('SIGHUP')
    await eventually(async () => ((await jobs()).includes('second') ? true : undefined), 10_000)
  })

  it('reloads on POST /-/reload and says why a bad file is refused', async () => {
    const port = Number(new URL(base).port)
    await writeFile(join(dir, 'prometheus.yml'), 'global: { scrape_interval: nope }\n')
    const bad = await fetch(`${base}/-/reload`, { method: 'POST' })
    expect(bad.status).toBe(500)
    expect(await bad.text()).toContain('not a valid duration string')
    await writeFile(join(dir, 'prometheus.yml'), config('third', port))
    expect((await fetch(`${base}/-/reload`, { method: 'POST' })).status).toBe(200)
    await eventually(async () => ((await jobs()).includes('third') ? true : undefined), 10_000)
    const ready = await fetch(`${base}/api/v1/status/runtimeinfo`)
    expect(
      ((await ready.json()) as { data: { reloadConfigSuccess: boolean } }).data.reloadConfigSuccess,
    ).toBe(true)
  })
})
