import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ~10 s of the 30 s allowed. Our server runs in-process with a rule file (a recording
// rule and an always-true alert with `for: 2s`, evaluated every second); everything is checked
// through its HTTP API: the recorded series, the alert going pending then firing, both rules
// healthy, ALERTS. The real Prometheus 2.42 runs the same rule file so /api/v1/rules and
// /api/v1/alerts can be compared key by key.

const RULES = `
groups:
  - name: e2e
    rules:
      - record: e2e:one
        expr: vector(1)
        labels: { source: rules }
      - alert: AlwaysOn
        expr: vector(1) > 0
        for: 2s
        labels: { severity: page }
        annotations: { summary: 'value is {{ $value }}' }
`

const configYaml = (ruleFile: string): string => `
global: { evaluation_interval: 1s, external_labels: { site: e2e } }
rule_files: [${JSON.stringify(ruleFile)}]
`

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

async function api(base: string, path: string): Promise<Json> {
  const body = (await (await fetch(base + path)).json()) as { status: string; data: Json }
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`)
  return body.data
}

interface ApiAlert {
  labels: Record<string, string>
  state: string
  value: string
}

async function alerts(base: string): Promise<ApiAlert[]> {
  return ((await api(base, '/api/v1/alerts')) as unknown as { alerts: ApiAlert[] }).alerts
}

/** Keys of a JSON value, recursively (first element of arrays); label maps are compared as maps. */
function shape(v: Json, path = '$'): string[] {
  if (Array.isArray(v)) return v.length === 0 ? [`${path}[]`] : shape(v[0] as Json, `${path}[]`)
  if (v === null || typeof v !== 'object') return [`${path}: ${v === null ? 'null' : typeof v}`]
  if (/\.(labels|annotations)$/.test(path)) return [`${path}: map`]
  return Object.keys(v)
    .sort()
    .flatMap((k) => shape(v[k] as Json, `${path}.${k}`))
}

describe('rules in watchfire server', () => {
  let dir: string
  let server: RunningServer
  let prometheus: RealPrometheus

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-rules-e2e-'))
    await writeFile(join(dir, 'rules.yml'), RULES)
    // Relative, as Prometheus resolves it: against the config file's directory.
    await writeFile(join(dir, 'prometheus.yml'), configYaml('rules.yml'))
    ;[server, prometheus] = await Promise.all([
      startServer({
        config: { file: join(dir, 'prometheus.yml') },
        storagePath: join(dir, 'data'),
        listenAddress: '127.0.0.1:0',
        log: () => undefined,
      }),
      startPrometheus(configYaml(join(dir, 'rules.yml'))),
    ])
  }, 20_000)

  afterAll(async () => {
    await server?.close()
    await prometheus?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('records, alerts pending then firing, writes ALERTS, and lists both rules healthy', async () => {
    const recorded = await eventually(async () => {
      const data = (await api(server.url, '/api/v1/query?query=e2e:one')) as { result: Json[] }
      return data.result.length > 0 ? data.result : undefined
    }, 5_000)
    expect(recorded).toMatchObject([
      { metric: { __name__: 'e2e:one', source: 'rules' }, value: [expect.any(Number), '1'] },
    ])

    const pending = await eventually(async () => {
      const list = await alerts(server.url)
      return list.find((a) => a.state === 'pending')
    }, 5_000)
    expect(pending).toMatchObject({ labels: { alertname: 'AlwaysOn', severity: 'page' }, value: '1e+00' })
    await eventually(async () => (await alerts(server.url)).find((a) => a.state === 'firing'), 6_000)

    const firing = (await api(server.url, '/api/v1/query?query=ALERTS{alertstate="firing"}')) as {
      result: { metric: Record<string, string> }[]
    }
    expect(firing.result.map((s) => s.metric)).toEqual([
      { __name__: 'ALERTS', alertname: 'AlwaysOn', alertstate: 'firing', severity: 'page' },
    ])

    const rules = (await api(server.url, '/api/v1/rules')) as {
      groups: { file: string; rules: { name: string; health: string; type: string; state?: string }[] }[]
    }
    expect(rules.groups.map((g) => g.file)).toEqual([join(dir, 'rules.yml')])
    expect(rules.groups[0]?.rules).toMatchObject([
      { name: 'e2e:one', health: 'ok', type: 'recording' },
      { name: 'AlwaysOn', health: 'ok', type: 'alerting', state: 'firing' },
    ])
  }, 15_000)

  it('keeps the running rules when a reload meets a bad rule file', async () => {
    await writeFile(
      join(dir, 'rules.yml'),
      'groups:\n  - name: e2e\n    rules:\n      - record: bad\n        expr: sum(\n',
    )
    await expect(server.reload()).rejects.toThrow(/rules\.yml/)
    const rules = (await api(server.url, '/api/v1/rules')) as { groups: { rules: { name: string }[] }[] }
    expect(rules.groups[0]?.rules.map((r) => r.name)).toEqual(['e2e:one', 'AlwaysOn'])
    await writeFile(join(dir, 'rules.yml'), RULES)
  })

  it('answers /api/v1/rules and /api/v1/alerts with the JSON keys of Prometheus 2.42', async () => {
    const real = prometheus
    await eventually(
      async () => ((await alerts(real.url)).some((a) => a.state === 'firing') ? true : undefined),
      6_000,
    )
    for (const path of ['/api/v1/rules', '/api/v1/alerts']) {
      expect(shape(await api(server.url, path)), path).toEqual(shape(await api(real.url, path)))
    }
  }, 10_000)
})
