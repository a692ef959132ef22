import { fileURLToPath } from 'node:url'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runScript } from '../promqltest/runner.js'
import { KNOWN_FAILURES } from './conformance-known-failures.js'
import { EnginePromqlTestAdapter } from './promqltest-engine.js'

// ../shared beside the repository, as CI lays it out.
const DATA_DIR = fileURLToPath(new URL('../../../../../shared/conformance/promql', import.meta.url))
const present = existsSync(DATA_DIR)
const files = present
  ? readdirSync(DATA_DIR)
      .filter((f) => f.endsWith('.test'))
      .sort()
  : []
const known = new Map(KNOWN_FAILURES.map((k) => [`${k.file}:${k.line}`, k.reason]))
const summary: string[] = []

describe('PromQL conformance scripts', () => {
  if (!present) {
    it('has the conformance data directory', () => {
      if (process.env.CI === 'true') throw new Error(`conformance data missing at ${DATA_DIR}`)
      console.warn(`SKIPPED: conformance data missing at ${DATA_DIR}`)
    })
    return
  }

  afterAll(() => {
    console.log(summary.join('\n'))
  })

  it.each(files)('%s', async (file) => {
    const started = performance.now()
    const result = await runScript(readFileSync(join(DATA_DIR, file), 'utf8'), new EnginePromqlTestAdapter())
    const passed = result.evals.filter((e) => e.status === 'pass').length
    summary.push(`${file}: ${passed}/${result.evals.length} (${Math.round(performance.now() - started)} ms)`)
    const unexpected: string[] = []
    const nowPassing: string[] = []
    for (const e of result.evals) {
      const isKnown = known.has(`${file}:${e.line}`)
      if (e.status !== 'pass' && !isKnown) unexpected.push(e.message ?? `line ${e.line}: ${e.status}`)
      if (e.status === 'pass' && isKnown) nowPassing.push(`line ${e.line}: ${e.expr}`)
    }
    if (process.env.CONFORMANCE_VERBOSE === '1') {
      for (const m of unexpected) console.log(`FAIL ${file} ${m.slice(0, 600)}`)
      for (const m of nowPassing) console.log(`PASS ${file} ${m.slice(0, 200)}`)
    }
    expect(result.loadError).toBeUndefined()
    expect(unexpected, 'evals failing that are not on the known-failures list').toEqual([])
    expect(nowPassing, 'known failures that now pass (remove them from the list)').toEqual([])
  })
})
