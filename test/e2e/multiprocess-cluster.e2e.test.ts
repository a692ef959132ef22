import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// Budget: ~10 s. The cluster module with prom-client's AggregatorRegistry API, on top of the multi-process mode:
// workers are recycled and the primary's clusterMetrics() still counts every request, from files only.
const run = promisify(execFile)
const app = fileURLToPath(new URL('./fixtures/multiprocess-cluster.js', import.meta.url))

describe('cluster mode through AggregatorRegistry', () => {
  it('keeps every recycled worker in the totals, exactly once, with files bounded by live workers', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, MP_WORKERS: '3', MP_COUNT: '1000', MP_RECYCLES: '9' }
    delete env['WATCHFIRE_MULTIPROC_DIR']
    const { stdout } = await run(process.execPath, [app], { env, timeout: 60_000 })
    const result = JSON.parse(stdout) as {
      metrics: string
      files: string[]
      maxFiles: number
      directory: string
    }
    rmSync(result.directory, { recursive: true, force: true })
    // 12 workers in all (3 + 9 re-forked), 1000 requests each, 1 in 10 answered 500.
    expect(result.metrics).toContain('cl_requests_total{code="200"} 10800\n')
    expect(result.metrics).toContain('cl_requests_total{code="500"} 1200\n')
    expect(result.metrics).toContain('cl_latency_seconds_count 12000\n')
    expect(result.files).toEqual(['archive.wfmp'])
    expect(result.maxFiles).toBeLessThanOrEqual(3 + 2)
  })
})
