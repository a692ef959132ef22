// Budget: ≤ 40 s (measured 9 s). Prometheus 2.42, Alertmanager 0.25 and Pushgateway 1.5 each run with
// --web.external-url=http://127.0.0.1:<port>/<prefix>/ next to ours with the same flag; every path below
// must answer the same status and the same Location on both: the routes live under the prefix, the bare
// root redirects to it, everything outside it is not found.
//
// Known difference: GET <prefix>/ on Prometheus redirects to its UI's first page. Debian's build has only
// the classic UI (`/prom/classic/graph`); ours goes to its own query page (`/prom/query`), as without a
// prefix. Only the status is compared there.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAlertmanager, type RunningAlertmanager } from '@watchfire/alertmanager'
import { startPushgateway, type RunningPushgateway } from '@watchfire/pushgateway'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitForHttp } from './lib/ports.js'
import { startProcess, type Managed } from './lib/processes.js'
import { PROMETHEUS_BIN } from './lib/prometheus.js'
import { PUSHGATEWAY_BIN } from './lib/pushgateway.js'

const AM_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager'

interface Answer {
  status: number
  location: string | null
}

async function answer(url: string, method: string): Promise<Answer> {
  const res = await fetch(url, { method, redirect: 'manual' })
  await res.arrayBuffer()
  return { status: res.status, location: res.headers.get('location') }
}

let dir: string
const real: Managed[] = []
let prometheus: { real: string; ours: RunningServer }
let alertmanager: { real: string; ours: RunningAlertmanager }
let pushgateway: { real: string; ours: RunningPushgateway }

async function startReal(bin: string, flags: (port: number) => string[], readyPath: string): Promise<string> {
  const port = await freePort()
  const proc = startProcess(bin, flags(port))
  real.push(proc)
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(url + readyPath, 30_000)
  return url
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-route-prefix-'))
  const promConfig = join(dir, 'prometheus.yml')
  await writeFile(promConfig, 'global: {scrape_interval: 1m}\n')
  const amConfig = join(dir, 'am.yml')
  await writeFile(amConfig, 'route: {receiver: r}\nreceivers: [{name: r}]\n')
  const ourPromPort = await freePort()
  const [realProm, realAm, realPg, ourProm, ourAm, ourPg] = await Promise.all([
    startReal(
      PROMETHEUS_BIN,
      (port) => [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${join(dir, 'prom-data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=http://127.0.0.1:${port}/prom/`,
        '--web.enable-remote-write-receiver',
        '--log.level=error',
      ],
      '/prom/-/ready',
    ),
    startReal(
      AM_BIN,
      (port) => [
        `--config.file=${amConfig}`,
        `--storage.path=${join(dir, 'am-data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=http://127.0.0.1:${port}/am/`,
        '--cluster.listen-address=',
        '--log.level=error',
      ],
      '/am/-/ready',
    ),
    startReal(
      PUSHGATEWAY_BIN,
      (port) => [
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=http://127.0.0.1:${port}/pg/`,
        '--log.level=error',
      ],
      '/pg/-/ready',
    ),
    startServer({
      config: { file: promConfig },
      storagePath: join(dir, 'ours-data'),
      listenAddress: `127.0.0.1:${ourPromPort}`,
      externalUrl: `http://127.0.0.1:${ourPromPort}/prom/`,
      enableRemoteWriteReceiver: true,
      // As the CLI passes it when the flag is left out.
      flags: { 'web.route-prefix': '' },
      log: () => {},
    }),
    startAlertmanager({
      configFile: amConfig,
      listenAddress: '127.0.0.1:0',
      externalUrl: 'http://127.0.0.1:9093/am/',
    }),
    startPushgateway({ listenAddress: '127.0.0.1:0', externalUrl: 'http://127.0.0.1:9091/pg/' }),
  ])
  prometheus = { real: realProm, ours: ourProm }
  alertmanager = { real: realAm, ours: ourAm }
  pushgateway = { real: realPg, ours: ourPg }
}, 60_000)

afterAll(async () => {
  await Promise.all([prometheus?.ours.close(), alertmanager?.ours.close(), pushgateway?.ours.close()])
  await Promise.all(real.map((p) => p.stop()))
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('Prometheus 2.42 under --web.external-url=…/prom/', () => {
  it.each<[string, string]>([
    ['GET', '/'],
    ['GET', '/?x=1'],
    ['POST', '/'],
    ['HEAD', '/'],
    ['OPTIONS', '/'],
    ['GET', '/prom'],
    ['GET', '/prom?x=1'],
    ['POST', '/prom'],
    ['GET', '/prom/-/healthy'],
    ['GET', '/prom/-/ready'],
    ['GET', '/prom/metrics'],
    ['GET', '/prom/federate?match[]=up'],
    ['GET', '/prom/api/v1/query?query=1'],
    ['GET', '/prom/api/v1/status/buildinfo'],
    ['GET', '/prom/api/v1/nothing'],
    ['POST', '/prom/api/v1/write'],
    ['POST', '/prom/-/reload'],
    ['GET', '/prom/nothing'],
    ['GET', '/-/healthy'],
    ['GET', '/metrics'],
    ['GET', '/federate'],
    ['GET', '/api/v1/query?query=1'],
    ['POST', '/api/v1/write'],
    ['GET', '/promx/-/healthy'],
  ])('%s %s', async (method, path) => {
    const [theirs, mine] = await Promise.all([
      answer(prometheus.real + path, method),
      answer(new URL(prometheus.ours.url).origin + path, method),
    ])
    expect(mine).toEqual(theirs)
  })

  it('redirects the prefix root to a UI page below the prefix', async () => {
    const [theirs, mine] = await Promise.all([
      answer(`${prometheus.real}/prom/`, 'GET'),
      answer(`${new URL(prometheus.ours.url).origin}/prom/`, 'GET'),
    ])
    expect(mine.status).toBe(theirs.status)
    expect(mine.location?.startsWith('/prom/')).toBe(true)
  })

  it('shows the route prefix in effect on /api/v1/status/flags', async () => {
    const shown = async (base: string): Promise<string | undefined> => {
      const res = await fetch(`${base}/prom/api/v1/status/flags`)
      return ((await res.json()) as { data: Record<string, string> }).data['web.route-prefix']
    }
    expect(await shown(prometheus.real)).toBe('/prom')
    expect(await shown(new URL(prometheus.ours.url).origin)).toBe('/prom')
  })
})

describe('Alertmanager 0.25 under --web.external-url=…/am/', () => {
  it.each<[string, string]>([
    ['GET', '/'],
    ['POST', '/'],
    ['OPTIONS', '/'],
    ['GET', '/am'],
    ['GET', '/am/'],
    ['HEAD', '/am'],
    ['GET', '/am/-/healthy'],
    ['GET', '/am/-/ready'],
    ['GET', '/am/metrics'],
    ['GET', '/am/api/v2/status'],
    ['GET', '/am/api/v2/alerts'],
    ['GET', '/am/nothing'],
    ['GET', '/-/healthy'],
    ['GET', '/metrics'],
    ['GET', '/api/v2/status'],
  ])('%s %s', async (method, path) => {
    const [theirs, mine] = await Promise.all([
      answer(alertmanager.real + path, method),
      answer(alertmanager.ours.url + path, method),
    ])
    expect(mine).toEqual(theirs)
  })
})

describe('Pushgateway 1.5 under --web.external-url=…/pg/', () => {
  it.each<[string, string]>([
    ['GET', '/pg/-/healthy'],
    ['GET', '/pg/-/ready'],
    ['GET', '/pg/metrics'],
    ['GET', '/pg/api/v1/status'],
    ['PUT', '/pg/metrics/job/a'],
    ['GET', '/-/healthy'],
    ['GET', '/api/v1/status'],
    ['PUT', '/metrics/job/a'],
  ])('%s %s', async (method, path) => {
    const [theirs, mine] = await Promise.all([
      answer(pushgateway.real + path, method),
      // Our gateway's url carries its prefix; the paths here are absolute.
      answer(new URL(pushgateway.ours.url).origin + path, method),
    ])
    expect(mine).toEqual(theirs)
  })
})
