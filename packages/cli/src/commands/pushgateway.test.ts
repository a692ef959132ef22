import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../main.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wf-cli-pg-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Starts `watchfire pushgateway` in-process; resolves with its URL (read from the log) and its exit. */
async function run(
  args: string[],
  signal?: AbortSignal,
): Promise<{ url: string; exit: Promise<number>; log: string[] }> {
  const log: string[] = []
  let announce: (url: string) => void = () => undefined
  const announced = new Promise<string>((resolve) => (announce = resolve))
  const stderr = {
    write: (text: string) => {
      log.push(text)
      const url = /msg="starting pushgateway" url=(\S+)/.exec(text)?.[1]
      if (url !== undefined) announce(url)
    },
  }
  const exit = main(['pushgateway', '--web.listen-address=127.0.0.1:0', ...args], {
    stdout: stderr,
    stderr,
    ...(signal ? { signal } : {}),
  })
  const url = await Promise.race([
    announced,
    exit.then((code) => Promise.reject(new Error(`exited ${code}: ${log.join('')}`))),
  ])
  return { url, exit, log }
}

describe('watchfire pushgateway', () => {
  it('serves until its signal aborts, then persists and exits 0', async () => {
    const file = join(dir, 'abort.json')
    const controller = new AbortController()
    const { url, exit } = await run(
      [`--persistence.file=${file}`, '--persistence.interval=1h'],
      controller.signal,
    )
    expect((await fetch(`${url}/metrics/job/cli`, { method: 'PUT', body: 'x 1\n' })).status).toBe(200)
    controller.abort()
    expect(await exit).toBe(0)
    expect(await readFile(file, 'utf8')).toContain('"job":"cli"')
  })

  it('writes the persistence file on SIGTERM', async () => {
    const file = join(dir, 'sigterm.json')
    const { url, exit } = await run([`--persistence.file=${file}`])
    await fetch(`${url}/metrics/job/term`, { method: 'PUT', body: 'x 1\n' })
    process.emit('SIGTERM')
    expect(await exit).toBe(0)
    expect(await readFile(file, 'utf8')).toContain('"job":"term"')
  })

  it('stops on /-/quit with --web.enable-lifecycle, and reports its flags in /api/v1/status', async () => {
    const { url, exit } = await run(['--web.enable-lifecycle', '--push.disable-consistency-check'])
    const status = (await (await fetch(`${url}/api/v1/status`)).json()) as {
      data: { flags: Record<string, string> }
    }
    expect(status.data.flags['push.disable-consistency-check']).toBe('true')
    expect(status.data.flags['persistence.interval']).toBe('300000')
    expect((await fetch(`${url}/metrics/job/x`, { method: 'PUT', body: 'x 1 123\n' })).status).toBe(202)
    expect((await fetch(`${url}/-/quit`, { method: 'PUT' })).status).toBe(200)
    expect(await exit).toBe(0)
  })

  it.each([
    [['--log.level=loud'], 1, 'unknown log level "loud"'],
    [['--persistence.interval=soon'], 2, 'flag --persistence.interval expects a duration'],
    [['--web.listen-address=nowhere'], 1, 'is not host:port'],
  ])('refuses %s', async (args, code, message) => {
    const err: string[] = []
    const io = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => err.push(t) },
      signal: new AbortController().signal,
    }
    expect(await main(['pushgateway', ...args], io)).toBe(code)
    expect(err.join('')).toContain(message)
  })

  it('lists the original flags in --help', async () => {
    const out: string[] = []
    const io = {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: () => true },
      signal: new AbortController().signal,
    }
    expect(await main(['pushgateway', '--help'], io)).toBe(0)
    for (const flag of [
      'web.listen-address',
      'web.telemetry-path',
      'web.external-url',
      'web.route-prefix',
      'persistence.file',
      'persistence.interval',
      'push.disable-consistency-check',
      'log.level',
      'web.enable-admin-api',
      'web.enable-lifecycle',
    ]) {
      expect(out.join('')).toMatch(new RegExp(`--(\\[no-\\])?${flag.replace(/\./g, '\\.')}[= ]`))
    }
  })
})
