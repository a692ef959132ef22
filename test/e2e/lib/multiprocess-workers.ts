import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { MetricFamily } from '@watchfire/model'
import { MultiprocessCollector } from '@watchfire/client'

const script = fileURLToPath(new URL('../fixtures/multiprocess-worker.js', import.meta.url))

/** A worker process of fixtures/multiprocess-worker.js with its JSON-line messages. */
export interface MpWorker {
  child: ChildProcess
  messages: Array<Record<string, unknown>>
  /** Resolves with the first message (including ones already received) that `match` accepts. */
  next(match: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>
  send(line: string): void
  exited: Promise<number | null>
  stderr(): string
}

/** A fresh metrics directory. */
export function metricsDir(): string {
  return mkdtempSync(join(tmpdir(), 'watchfire-mp-e2e-'))
}

/** Starts a worker playing `scenario` in `dir`. */
export function startWorker(dir: string, scenario: string, env: Record<string, string> = {}): MpWorker {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, MP_DIR: dir, MP_SCENARIO: scenario, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const messages: Array<Record<string, unknown>> = []
  const waiters: Array<() => void> = []
  let err = ''
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()))
  createInterface({ input: child.stdout! }).on('line', (line) => {
    messages.push(JSON.parse(line) as Record<string, unknown>)
    for (const w of waiters.splice(0)) w()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    messages,
    exited,
    stderr: () => err,
    send: (line) => child.stdin?.write(`${line}\n`),
    next: (match, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message; stderr: ${err}`)), timeoutMs)
        const check = (): void => {
          const found = messages.find(match)
          if (found !== undefined) {
            clearTimeout(timer)
            resolve(found)
          } else waiters.push(check)
        }
        check()
      }),
  }
}

/** Scrapes `dir` as the process serving /metrics would; problems are collected in `problems`. */
export function scrape(dir: string, problems: string[] = []): MetricFamily[] {
  return new MultiprocessCollector({ directory: dir, onError: (e) => problems.push(e.message) }).collect()
}

/** The value of the series of `name` whose labels include `labels`, summed over matches. */
export function valueOf(
  families: MetricFamily[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = families.find((f) => f.name === name)
  if (family === undefined) return undefined
  let total: number | undefined
  for (const m of family.metrics) {
    if (Object.entries(labels).every(([k, v]) => m.labels[k] === v)) {
      total = (total ?? 0) + (m.value ?? m.histogram?.count ?? m.summary?.count ?? NaN)
    }
  }
  return total
}
