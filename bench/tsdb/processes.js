// Process plumbing for the TSDB benches: spawn a server, wait for /-/ready, read its CPU, RSS and
// /metrics, stop it. Linux only (/proc).
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'

const CLK_TCK = 100
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat. */
export async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

/** Resident set size in bytes, from /proc/<pid>/status (0 once the process is gone). */
export async function rssBytes(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status)
    return match === null ? 0 : Number(match[1]) * 1024
  } catch {
    return 0
  }
}

/** Sends SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stop(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Spawns a server and resolves once its /-/ready answers; `stderrTail()` helps explain failures. */
export async function startServer(name, command, args, base) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let tail = ''
  child.stderr.on('data', (chunk) => (tail = (tail + chunk.toString()).slice(-2000)))
  const stderrTail = () => tail
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null)
      throw new Error(`cannot start ${name} (exited with ${child.exitCode}: ${tail})`)
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return { child, stderrTail }
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  await stop(child)
  throw new Error(`cannot reach ${base}/-/ready (${name}: ${tail})`)
}

/** Sum of every sample of the metric `name` on `${base}/metrics` (all label sets), 0 if absent. */
export async function scrapeMetric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text()
  let sum = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue
    const rest = line.slice(name.length)
    if (rest[0] !== ' ' && rest[0] !== '{') continue
    sum += Number(
      rest
        .slice(rest.lastIndexOf(rest.includes('}') ? '}' : ' ') + 1)
        .trim()
        .split(' ')[0],
    )
  }
  return sum
}

/** One instant query through the HTTP API; the whole JSON `data.result`. */
export async function query(base, expr, timeS) {
  const url = `${base}/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeS}`
  const res = await fetch(url, { signal: AbortSignal.timeout(120_000) })
  const body = await res.json()
  if (body.status !== 'success')
    throw new Error(`cannot query ${expr} (${JSON.stringify(body).slice(0, 200)})`)
  return body.data.result
}
