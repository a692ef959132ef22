import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'

// Budget: ≤ 120 s (measured 46 s). Runs docs/tutorial.md as written, block by block, in a fresh directory:
// files are written, commands are run with bash, long-running ones (```sh background```) are kept running
// and stopped with SIGINT as Ctrl-C would. Only three things differ from a reader's run, all listed below:
// the ports (free ones instead of 3000, 9090, ...), shorter intervals (scrape and evaluation every second,
// `for: 5s`) and `npm install`, which links this checkout's packages instead of downloading them.
// Each step's output is checked; steps whose result depends on time are re-run until the check passes.

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TUTORIAL = join(ROOT, 'docs', 'tutorial.md')
const DEFAULT_PORTS = ['3000', '9090', '9091', '9093', '9100', '2525'] as const
/** Text changes made to the blocks so the test runs in seconds; each must match exactly once. */
const FASTER: readonly [string, string][] = [['for: 1m', 'for: 5s']]
/** Flags appended to every `watchfire up` (later flags win over the tutorial's). */
const upFlags = (p: Record<string, string>): string[] => [
  `--web.listen-address=127.0.0.1:${p['9090']}`,
  `--pushgateway.listen-address=127.0.0.1:${p['9091']}`,
  `--alertmanager.listen-address=127.0.0.1:${p['9093']}`,
  `--node-exporter.listen-address=127.0.0.1:${p['9100']}`,
  '--scrape.interval=1s',
  '--evaluation.interval=1s',
]
/** What `npm install <name>` provides here: a link into this checkout. */
const LOCAL_PACKAGES: Readonly<Record<string, string>> = {
  express: join(ROOT, 'node_modules', 'express'),
  '@watchfire/client': join(ROOT, 'packages', 'client'),
  watchfire: join(ROOT, 'packages', 'cli'),
}

interface Block {
  lang: string
  attrs: Record<string, string>
  body: string
}

function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  for (const m of markdown.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const attrs: Record<string, string> = {}
    for (const a of (m[2] ?? '')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')) {
      const eq = a.indexOf('=')
      attrs[eq === -1 ? a : a.slice(0, eq)] = eq === -1 ? 'true' : a.slice(eq + 1)
    }
    blocks.push({ lang: m[1] as string, attrs, body: m[3] as string })
  }
  return blocks
}

interface Background {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

interface Result {
  code: number | null
  output: string
}

type Json = Record<string, unknown>
type Series = { metric: Record<string, string>; value: [number, string] }
const resultOf = (out: string): Series[] => ((JSON.parse(out) as Json)['data'] as { result: Series[] }).result

let dir = ''
let env: NodeJS.ProcessEnv = {}
const ports: Record<string, string> = {}
const running = new Map<string, Background>()

function adapt(text: string): string {
  return text.replace(new RegExp(`\\b(${DEFAULT_PORTS.join('|')})\\b`, 'g'), (p) => ports[p] ?? p)
}

function bash(script: string, timeoutMs = 30_000): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

function startBackground(script: string): Background {
  // Its own process group, so SIGINT reaches npx and watchfire alike, as Ctrl-C in a terminal does.
  const child = spawn('bash', ['-c', script], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => out, exited }
}

async function interrupt(bg: Background, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  if (bg.child.exitCode === null && bg.child.signalCode === null) {
    try {
      process.kill(-(bg.child.pid as number), signal)
    } catch {
      // already gone
    }
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-(bg.child.pid as number), 'SIGKILL')
    } catch {
      // already gone
    }
  }, 15_000)
  const code = await bg.exited
  clearTimeout(timer)
  return code
}

function waitForTcp(port: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect(Number(port), '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve()
      })
      socket.once('error', () => {
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`))
        else setTimeout(attempt, 100)
      })
    }
    attempt()
  })
}

/** How to tell that a background step is ready. */
const READY: Readonly<Record<string, () => Promise<void>>> = {
  app: () => waitForHttp(`http://127.0.0.1:${ports['3000']}/`, 15_000),
  up: () => waitForHttp(`http://127.0.0.1:${ports['9090']}/-/ready`, 20_000),
  'up-alerting': () => waitForHttp(`http://127.0.0.1:${ports['9090']}/-/ready`, 20_000),
  smtp: () => waitForTcp(ports['2525'] as string, 15_000),
}

const alertStates: string[] = []

/** Checks of each command step; `pollMs` re-runs the step until the check passes or the time is up. */
const CHECKS: Readonly<Record<string, { pollMs?: number; check: (out: string) => void }>> = {
  init: {
    check: () =>
      expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' }),
  },
  order: {
    check: (out) => {
      expect(out).toContain('order placed (card, $42)')
      expect(out).toContain('something broke')
    },
  },
  metrics: {
    pollMs: 10_000,
    check: (out) => {
      expect(out).toContain('shop_orders_total{payment="card"} 1\n')
      expect(out).toContain('http_requests_total{method="GET",route="/fail",status_code="500"} 1\n')
    },
  },
  targets: {
    pollMs: 15_000,
    check: (out) => {
      const targets = (
        (JSON.parse(out) as Json)['data'] as { activeTargets: { labels: Json; health: string }[] }
      ).activeTargets
      expect(targets.find((t) => t.labels['job'] === 'app')).toMatchObject({
        health: 'up',
        labels: { instance: `localhost:${ports['3000']}` },
      })
      expect(targets.map((t) => `${String(t.labels['job'])} ${t.health}`).sort()).toEqual([
        'alertmanager up',
        'app up',
        'node up',
        'pushgateway up',
        'watchfire up',
      ])
    },
  },
  traffic: { check: () => undefined },
  rate: {
    pollMs: 15_000,
    check: (out) => {
      const orders = resultOf(out).find((s) => s.metric['route'] === '/orders')
      expect(Number(orders?.value[1])).toBeGreaterThan(0)
    },
  },
  quantile: {
    pollMs: 15_000,
    check: (out) => {
      const [q] = resultOf(out)
      expect(Number(q?.value[1])).toBeGreaterThan(0)
      expect(Number.isFinite(Number(q?.value[1]))).toBe(true)
    },
  },
  export: { check: (out) => expect(out).toContain('export done, result pushed') },
  'export-query': {
    pollMs: 10_000,
    check: (out) => {
      expect(resultOf(out)).toEqual([
        {
          metric: expect.objectContaining({ __name__: 'shop_export_orders', job: 'shop_export' }),
          value: [expect.any(Number), '128'],
        },
      ])
    },
  },
  errors: { check: () => undefined },
  alerts: {
    pollMs: 30_000,
    check: (out) => {
      const alerts = ((JSON.parse(out) as Json)['data'] as { alerts: { labels: Json; state: string }[] })
        .alerts
      const state = alerts.find((a) => a.labels['alertname'] === 'ShopErrors')?.state
      if (state !== undefined && alertStates.at(-1) !== state) alertStates.push(state)
      expect(state).toBe('firing')
      expect(alertStates).toEqual(['pending', 'firing'])
    },
  },
  // Needs the server → Alertmanager notifier (packages/server/src/notifier/).
  mail: {
    pollMs: 40_000,
    check: (out) => {
      expect(out).toMatch(/^Subject: \[FIRING:1\] ShopErrors app \(page\)/m)
      expect(out).toContain('To: you@localhost')
    },
  },
}

async function runStep(id: string, script: string): Promise<void> {
  const spec = CHECKS[id]
  if (spec === undefined)
    throw new Error(`the tutorial has a step ${JSON.stringify(id)} this test does not check`)
  const deadline = Date.now() + (spec.pollMs ?? 0)
  for (;;) {
    const { code, output } = await bash(script)
    try {
      expect(code, output).toBe(0)
      spec.check(output)
      return
    } catch (err) {
      if (Date.now() > deadline) throw err
    }
    await new Promise((r) => setTimeout(r, 300))
  }
}

async function linkInstall(command: string): Promise<void> {
  const names = command.replace(/^npm install\s+/, '').split(/\s+/)
  expect(command).toMatch(/^npm install /)
  await mkdir(join(dir, 'node_modules', '@watchfire'), { recursive: true })
  await mkdir(join(dir, 'node_modules', '.bin'), { recursive: true })
  for (const name of names) {
    const target = LOCAL_PACKAGES[name]
    if (target === undefined) throw new Error(`cannot install ${name} here (add it to LOCAL_PACKAGES)`)
    await symlink(target, join(dir, 'node_modules', name))
    const bin = (
      JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { bin?: Record<string, string> }
    ).bin
    for (const [cmd, file] of Object.entries(bin ?? {}))
      await symlink(join('..', name, file), join(dir, 'node_modules', '.bin', cmd))
  }
}

const markdown = readFileSync(TUTORIAL, 'utf8')
const blocks = parseBlocks(markdown)

describe('docs/tutorial.md, run as written', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-tutorial-'))
    await mkdir(join(dir, 'tmp'))
    for (const p of DEFAULT_PORTS) ports[p] = String(await freePort())
    env = {
      ...process.env,
      TMPDIR: join(dir, 'tmp'),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
    }
    delete env['WATCHFIRE_MULTIPROC_DIR']
  })

  afterAll(async () => {
    for (const bg of running.values()) await interrupt(bg, 'SIGKILL')
    if (dir !== '') await rm(dir, { recursive: true, force: true })
  })

  it('keeps its programs identical to examples/app', () => {
    const files = Object.fromEntries(
      blocks.filter((b) => b.attrs['file']).map((b) => [b.attrs['file'], b.body]),
    )
    expect(files['app.js']).toBe(readFileSync(join(ROOT, 'examples', 'app', 'shop.js'), 'utf8'))
    expect(files['export.js']).toBe(readFileSync(join(ROOT, 'examples', 'app', 'export-job.js'), 'utf8'))
  })

  it('has only blocks this test knows how to run', () => {
    for (const b of blocks) {
      const known = b.attrs['file'] !== undefined || (b.lang === 'sh' && b.attrs['step'] !== undefined)
      expect(known, `block ${b.lang} ${JSON.stringify(b.attrs)}`).toBe(true)
    }
    for (const [from] of FASTER) expect(markdown.split(from).length - 1, from).toBe(1)
  })

  for (const block of blocks) {
    const id = block.attrs['step'] ?? `file ${block.attrs['file']}`
    it(`step ${id}`, { timeout: 60_000 }, async () => {
      let body = block.body
      for (const [from, to] of FASTER) body = body.replace(from, to)
      body = adapt(body)
      if (block.attrs['file'] !== undefined) {
        await writeFile(join(dir, block.attrs['file']), body)
        return
      }
      const step = block.attrs['step'] as string
      if (step === 'install') return linkInstall(body.trim())
      if (block.attrs['background'] !== undefined) {
        const replaced = block.attrs['replaces']
        if (replaced !== undefined) {
          const old = running.get(replaced)
          expect(old, `step ${step} replaces ${replaced}, which is not running`).toBeDefined()
          running.delete(replaced)
          // bash and npx die of the SIGINT as in a terminal; watchfire itself must have stopped every part.
          await interrupt(old as Background)
          expect(old?.output()).toMatch(/stopped server[\s\S]*metrics persisted[\s\S]*See you next time!/)
        }
        const script = /\bwatchfire up\b/.test(body) ? `${body.trimEnd()} ${upFlags(ports).join(' ')}` : body
        const bg = startBackground(script)
        running.set(step, bg)
        const ready = READY[step]
        if (ready === undefined) throw new Error(`no readiness check for background step ${step}`)
        await ready().catch((err: unknown) => {
          throw new Error(`${step} did not get ready: ${bg.output()}`, { cause: err })
        })
        return
      }
      await runStep(step, body)
    })
  }

  it('leaves data and the generated configuration in ./data', async () => {
    expect(existsSync(join(dir, 'data', 'prometheus', 'wal'))).toBe(true)
    expect(await readFile(join(dir, 'data', 'prometheus.yml'), 'utf8')).toContain(
      `localhost:${ports['3000']}`,
    )
    expect(existsSync(join(dir, 'data', 'pushgateway', 'metrics.store'))).toBe(true)
  })
})
