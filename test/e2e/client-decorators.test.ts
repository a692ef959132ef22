import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import ts from 'typescript'
import { expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

// User code as a TypeScript 5 project writes it (standard decorators, no experimentalDecorators),
// compiled by tsc and run by node against the built @watchfire/client. Budget: ~1 s.
const source = `
import { CountExceptions, Counter, Gauge, Histogram, InProgress, Registry, Timed } from '@watchfire/client'

const registry = new Registry()
const registers = [registry]
const latency = new Histogram({ name: 'job_seconds', help: 'Job time.', registers })
const running = new Gauge({ name: 'jobs_running', help: 'Jobs running.', registers })
const failures = new Counter({ name: 'job_failures_total', help: 'Failed jobs.', registers })

class Worker {
  @Timed(latency)
  @InProgress(running)
  @CountExceptions(failures)
  async run(fail: boolean): Promise<string> {
    await new Promise((r) => setTimeout(r, 5))
    if (fail) throw new Error('failed')
    return 'done'
  }
}

const worker = new Worker()
console.log(await worker.run(false))
await worker.run(true).catch((e: Error) => console.log(e.message))
process.stdout.write(await registry.metrics())
`

it('standard TypeScript decorators compiled by tsc time, track and count a method', async () => {
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText
  expect(js).not.toContain('@Timed')
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', js], {
    cwd: repoRoot,
  })
  expect(stdout).toContain('done\nfailed\n')
  expect(stdout).toContain('job_seconds_count 2\n')
  expect(stdout).toContain('jobs_running 0\n')
  expect(stdout).toContain('job_failures_total 1\n')
})
