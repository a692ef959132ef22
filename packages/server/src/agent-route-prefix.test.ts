import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAgent, type RunningAgent } from './agent-server.js'

let dir: string
let agent: RunningAgent

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfire-agent-prefix-'))
  agent = await startAgent({
    config: { yaml: '' },
    storagePath: dir,
    listenAddress: '127.0.0.1:0',
    externalUrl: 'http://agent.example:9090/prom/',
    log: () => undefined,
  })
})

afterAll(async () => {
  await agent.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('agent mode under --web.external-url with a path', () => {
  it('reports its URL with the route prefix', () => {
    expect(new URL(agent.url).pathname).toBe('/prom')
  })

  it.each([
    ['/prom/-/healthy', 200],
    ['/prom/metrics', 200],
    ['/prom/api/v1/status/buildinfo', 200],
    ['/-/healthy', 404],
    ['/metrics', 404],
  ])('answers %s with %i', async (path, status) => {
    const origin = new URL(agent.url).origin
    const res = await fetch(`${origin}${path}`, { redirect: 'manual' })
    await res.arrayBuffer()
    expect(res.status).toBe(status)
  })

  it('redirects / into the prefix', async () => {
    const res = await fetch(`${new URL(agent.url).origin}/`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/prom')
  })
})
