import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAgent, type RunningAgent } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ≤ 60 s (measured ~10 s). Watchfire in agent mode (in-process) scrapes a test app every
// second into its WAL-only storage and remote-writes to the real Prometheus 2.42 started with
// --web.enable-remote-write-receiver; the app's values must arrive there, while our own query
// endpoints answer like Prometheus's agent and no TSDB block is ever written.

const agentConfig = (app: string, receiver: string): string => `
global: { scrape_interval: 1s, scrape_timeout: 900ms, external_labels: { agent: wf } }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${app}'] }]
remote_write:
  - url: ${receiver}/api/v1/write
    queue_config: { batch_send_deadline: 500ms }
    # The receiver asks for no credentials; these are here to prove the status API never shows them.
    basic_auth: { username: agent, password: agent-secret-pw }
`

describe('watchfire server --agent', () => {
  let app: FixtureApp
  let receiver: RealPrometheus
  let dir: string
  let agent: RunningAgent

  beforeAll(async () => {
    app = await startFixtureApp('instrumented-app')
    receiver = await startPrometheus('global: { scrape_interval: 1h }\n', [
      '--web.enable-remote-write-receiver',
    ])
    dir = await mkdtemp(join(tmpdir(), 'watchfire-agent-e2e-'))
    agent = await startAgent({
      config: { yaml: agentConfig(app.target, receiver.url) },
      storagePath: join(dir, 'data-agent'),
      listenAddress: '127.0.0.1:0',
      log: () => {},
    })
  })

  afterAll(async () => {
    await agent?.close()
    await receiver?.stop()
    await app?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('remote-writes what it scrapes to the real Prometheus', async () => {
    const result = await eventually(async () => {
      const r = await receiver.query('app_temperature_celsius{job="app"}')
      return r.length > 0 ? r : undefined
    }, 30_000)
    expect(result.map((s) => [s.metric, s.value?.[1]])).toEqual([
      [{ __name__: 'app_temperature_celsius', agent: 'wf', instance: app.target, job: 'app' }, '21.5'],
    ])
    const up = await receiver.query('up{job="app"}')
    expect(up.map((s) => s.value?.[1])).toEqual(['1'])
    const requests = await receiver.query('sum(app_requests_total{job="app"})')
    expect(requests.map((s) => s.value?.[1])).toEqual(['10'])
  })

  it.each([
    '/api/v1/query?query=up',
    '/api/v1/query_range?query=up&start=1&end=2&step=1',
    '/api/v1/series?match[]=up',
    '/api/v1/labels',
    '/api/v1/rules',
    '/api/v1/alerts',
    '/api/v1/status/tsdb',
  ])('refuses %s like Prometheus agent', async (path) => {
    const res = await fetch(agent.url + path)
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({
      status: 'error',
      errorType: 'execution',
      error: 'unavailable with Prometheus Agent',
    })
  })

  it('cannot federate, but lists its targets', async () => {
    const federate = await fetch(`${agent.url}/federate?match[]=up`)
    expect([federate.status, await federate.text()]).toEqual([
      500,
      'unsupported operation with WAL-only storage\n',
    ])
    const targets = (await (await fetch(`${agent.url}/api/v1/targets`)).json()) as {
      data: { activeTargets: { health: string }[] }
    }
    expect(targets.data.activeTargets.map((t) => t.health)).toEqual(['up'])
  })

  it('shows its configuration with secrets hidden', async () => {
    const res = (await (await fetch(`${agent.url}/api/v1/status/config`)).json()) as {
      data: { yaml: string }
    }
    expect(res.data.yaml).toContain('password: <secret>')
    expect(res.data.yaml).not.toContain('agent-secret-pw')
  })

  it('keeps only a WAL on disk', async () => {
    const entries = await readdir(join(dir, 'data-agent'))
    expect(entries).toContain('wal')
    expect(entries.filter((e) => /^[0-9A-Z]{26}$/.test(e))).toEqual([])
    expect((await readdir(join(dir, 'data-agent', 'wal'))).length).toBeGreaterThan(0)
  })

  it('refuses a configuration with rule files, as Prometheus does', async () => {
    await expect(
      startAgent({
        config: { yaml: 'rule_files: [rules.yml]\n' },
        storagePath: join(dir, 'refused'),
        listenAddress: '127.0.0.1:0',
        log: () => {},
      }),
    ).rejects.toThrow(/field rule_files is not allowed in agent mode/)
  })
})
