import { execFile, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { PROMTOOL_BIN } from './lib/prometheus.js'

const run = promisify(execFile)
const fixture = fileURLToPath(new URL('./fixtures/all-types-exposition.js', import.meta.url))

function promtoolCheckMetrics(input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL_BIN, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
    child.stdin.end(input)
  })
}

// Budget: ~3 s. promtool (Debian's prometheus package) lints what a registry with every metric type exposes.
describe('promtool check metrics', () => {
  // promtool lints the 0.0.4 text format only (its parser is expfmt's text parser).
  it('reports nothing on the text exposition of every metric type and the default collectors', async () => {
    const { stdout } = await run(process.execPath, [fixture, 'text'])
    expect(stdout).toContain('# TYPE job_duration_seconds histogram')
    expect(stdout).toContain('process_resident_memory_bytes')
    const { code, output } = await promtoolCheckMetrics(stdout)
    expect(output).toBe('')
    expect(code).toBe(0)
  })

  it('does flag a badly named metric, so the check above can fail', async () => {
    const { code, output } = await promtoolCheckMetrics(
      '# HELP x_total a gauge\n# TYPE x_total gauge\nx_total 1\n',
    )
    expect(output).toContain('non-counter metrics should not have "_total" suffix')
    expect(code).not.toBe(0)
  })
})
