import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'

// Budget: ≤ 90 s (measured 55 s on a loaded 2-core machine). The published layout: `npm pack` of the `watchfire` package (packages/cli)
// and of every workspace package it depends on, installed from the tarballs into a clean project (third-party
// dependencies come from npm's cache when it has them), then `npx watchfire up` there must come up and answer
// /-/ready on all four parts and stop cleanly; `npm install -g` of the same tarballs gives a working binary.
// Needs the packages built (dist/), as `npm test` does first.

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const run = promisify(execFile)
const NPM_ENV = {
  ...process.env,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
}

interface Manifest {
  name: string
  private?: boolean
  bin?: Record<string, string>
  files?: string[]
  dependencies?: Record<string, string>
}

async function packedManifest(tarball: string): Promise<Manifest> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json'])
  return JSON.parse(stdout) as Manifest
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest

describe('the packed `watchfire` package', () => {
  let tmp = ''
  let tarballs: string[] = []

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'watchfire-pack-'))
    const packed = join(tmp, 'packed')
    await mkdir(packed)
    // The script the Dockerfile uses: `watchfire` and the workspace packages it depends on.
    await run(process.execPath, [join(ROOT, 'deploy', 'pack.mjs'), packed], { cwd: ROOT, env: NPM_ENV })
    tarballs = (await readdir(packed)).map((f) => join(packed, f))
  }, 60_000)

  afterAll(async () => {
    if (tmp !== '') await rm(tmp, { recursive: true, force: true })
  })

  it('is named watchfire, publishable, with its binary, and depends only on packages that are packed too', async () => {
    const cli = manifest('packages/cli')
    expect(cli.name).toBe('watchfire')
    expect(cli.private).toBeUndefined()
    expect(cli.bin).toEqual({ watchfire: './bin/watchfire.js' })
    // Every @watchfire dependency of every packed package is packed too, and none is private.
    const manifests = await Promise.all(tarballs.map(packedManifest))
    const names = manifests.map((m) => m.name)
    for (const m of manifests) {
      expect(m.private, m.name).toBeUndefined()
      for (const dep of Object.keys(m.dependencies ?? {}))
        if (dep.startsWith('@watchfire/')) expect(names, `${m.name} needs ${dep}`).toContain(dep)
    }
    const { stdout } = await run('tar', ['-tzf', tarballs.find((t) => /\/watchfire-\d/.test(t)) as string])
    const files = stdout.split('\n')
    expect(files).toContain('package/bin/watchfire.js')
    expect(files).toContain('package/dist/index.js')
    expect(files.filter((f) => f.includes('/src/') || /\.test\.js$/.test(f))).toEqual([])
  })

  it('installs from the tarballs into a clean project and `npx watchfire up` serves the stack', async () => {
    const project = join(tmp, 'project')
    await mkdir(project)
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true }))
    await run('npm', ['install', '--prefer-offline', ...tarballs], {
      cwd: project,
      env: NPM_ENV,
      timeout: 60_000,
    })
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()]
    const child = spawn(
      'npx',
      [
        '--no',
        'watchfire',
        'up',
        `--web.listen-address=127.0.0.1:${ports[0]}`,
        `--alertmanager.listen-address=127.0.0.1:${ports[1]}`,
        `--pushgateway.listen-address=127.0.0.1:${ports[2]}`,
        `--node-exporter.listen-address=127.0.0.1:${ports[3]}`,
      ],
      { cwd: project, env: NPM_ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      await waitForHttp(`http://127.0.0.1:${ports[0]}/-/ready`, 30_000).catch((err: unknown) => {
        throw new Error(`npx watchfire up did not get ready: ${out}`, { cause: err })
      })
      for (const port of ports.slice(1, 3))
        expect((await fetch(`http://127.0.0.1:${port}/-/ready`)).status).toBe(200)
      expect((await fetch(`http://127.0.0.1:${ports[3]}/metrics`)).status).toBe(200)
      // The UI's built assets are part of the published layout.
      expect(await (await fetch(`http://127.0.0.1:${ports[0]}/query`)).text()).toContain(
        '<title>Watchfire</title>',
      )
    } finally {
      // To the whole group, as a service manager or Ctrl-C would: npx dies of it, watchfire shuts down.
      process.kill(-(child.pid as number), 'SIGTERM')
    }
    await exited
    // npx may go first; watchfire, in the same group, finishes its shutdown on its own.
    for (let i = 0; i < 100 && !out.includes('See you next time!'); i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(out).toMatch(/stopped server[\s\S]*metrics persisted[\s\S]*See you next time!/)
  })

  it('installs globally (npm install -g) with a working watchfire command', async () => {
    const prefix = join(tmp, 'global')
    await run('npm', ['install', '-g', '--prefer-offline', '--prefix', prefix, ...tarballs], {
      env: NPM_ENV,
      timeout: 60_000,
    })
    const { stdout } = await run(join(prefix, 'bin', 'watchfire'), ['up', '--help'])
    expect(stdout).toContain('--alertmanager.listen-address')
  })
})
