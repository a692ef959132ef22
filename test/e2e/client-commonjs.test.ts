import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Budget: ~1 s. CommonJS users `require('@watchfire/client')`, an ESM-only package, through Node's
// require(esm) (unflagged from Node 20.19). This runs the built dist, as an installed package would.
const run = promisify(execFile)
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const clientDist = join(repoRoot, 'packages/client/dist/index.js')

const script = `
'use strict'
const client = require('@watchfire/client')
const { Counter, Histogram, Registry } = client
const registry = new Registry()
const requests = new Counter({ name: 'cjs_requests_total', help: 'From CommonJS.', labelNames: ['code'], registers: [registry] })
requests.inc({ code: '200' }, 3)
requests.labels('500').inc()
new Histogram({ name: 'cjs_latency_seconds', help: 'Latency.', buckets: [1], registers: [registry] }).observe(0.5)
registry.metrics().then((text) => {
  process.stdout.write(JSON.stringify({
    text,
    exports: Object.keys(client),
    contentType: client.prometheusContentType,
    globalIsRegistry: client.register instanceof Registry,
  }))
})
`

describe('require(@watchfire/client) from CommonJS', () => {
  let dir: string

  beforeAll(async () => {
    if (!existsSync(clientDist)) {
      throw new Error(`cannot run the CommonJS test (${clientDist} is missing: run \`npm run build\` first)`)
    }
    dir = await mkdtemp(join(tmpdir(), 'watchfire-cjs-'))
    await writeFile(join(dir, 'app.cjs'), script)
  })
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('loads the package and scrapes a registry', async () => {
    const { stdout } = await run(process.execPath, ['--no-warnings', join(dir, 'app.cjs')], {
      env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') },
    })
    const out = JSON.parse(stdout) as {
      text: string
      exports: string[]
      contentType: string
      globalIsRegistry: boolean
    }
    expect(out.text).toContain('cjs_requests_total{code="200"} 3\n')
    expect(out.text).toContain('cjs_requests_total{code="500"} 1\n')
    expect(out.text).toContain('cjs_latency_seconds_bucket{le="1"} 1\n')
    expect(out.contentType).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(out.globalIsRegistry).toBe(true)
    expect(out.exports).toEqual(
      expect.arrayContaining([
        'Counter',
        'Gauge',
        'Histogram',
        'Summary',
        'Registry',
        'register',
        'linearBuckets',
      ]),
    )
  })
})
