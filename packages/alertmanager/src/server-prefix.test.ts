import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAlertmanager, type RunningAlertmanager } from './server.js'

// Paths as Alertmanager 0.25 answers them under --web.external-url=http://host/am/ (checked against the binary).
describe('the Alertmanager under a route prefix', () => {
  let dir = ''
  let am: RunningAlertmanager

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-am-prefix-'))
    const configFile = join(dir, 'am.yml')
    await writeFile(configFile, 'route: { receiver: r }\nreceivers: [{ name: r }]\n')
    am = await startAlertmanager({
      configFile,
      listenAddress: '127.0.0.1:0',
      externalUrl: 'http://alerts.example/am/',
    })
  })
  afterAll(async () => {
    await am.close()
    await rm(dir, { recursive: true, force: true })
  })

  it.each<[string, string, number, string | null]>([
    ['GET', '/', 302, '/am'],
    ['GET', '/am', 301, '/am/'],
    ['POST', '/', 405, null],
    ['OPTIONS', '/', 200, null],
    ['HEAD', '/am', 404, null],
    ['GET', '/am/', 200, null],
    ['GET', '/am/-/healthy', 200, null],
    ['GET', '/am/-/ready', 200, null],
    ['GET', '/am/metrics', 200, null],
    ['GET', '/am/api/v2/status', 200, null],
    ['GET', '/am/api/v2/alerts', 200, null],
    ['GET', '/am/nothing', 404, null],
    ['GET', '/-/healthy', 404, null],
    ['GET', '/metrics', 404, null],
    ['GET', '/api/v2/status', 404, null],
  ])('%s %s → %i %s', async (method, path, code, location) => {
    const res = await fetch(am.url + path, { method, redirect: 'manual' })
    expect(res.status).toBe(code)
    expect(res.headers.get('location')).toBe(location)
    await res.arrayBuffer()
  })

  it('lets --web.route-prefix override the external URL path', async () => {
    const configFile = join(dir, 'am.yml')
    const other = await startAlertmanager({
      configFile,
      listenAddress: '127.0.0.1:0',
      externalUrl: 'http://alerts.example/am/',
      routePrefix: '/',
    })
    try {
      expect((await fetch(`${other.url}/-/healthy`)).status).toBe(200)
      expect((await fetch(`${other.url}/am/-/healthy`)).status).toBe(404)
    } finally {
      await other.close()
    }
  })

  it('refuses an external URL it cannot parse', async () => {
    await expect(
      startAlertmanager({
        configFile: join(dir, 'am.yml'),
        listenAddress: '127.0.0.1:0',
        externalUrl: 'not a url',
      }),
    ).rejects.toThrow(/cannot parse external URL/)
  })
})
