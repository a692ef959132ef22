import { appendFileSync } from 'node:fs'
import { ParseError, parseText } from '@watchfire/model'
import { parseExpr, PromQLParseError } from '@watchfire/promql'
import { describe, expect, it } from 'vitest'
import { promqlSeeds } from './lib/conformance-seeds.js'
import { fuzzWithCoverage, type CoverageGuidedOptions } from './lib/coverage-guided.js'
import { EXPOSITION_DICTIONARY, expositionSeeds } from './lib/exposition-seeds.js'
import { guard } from './lib/guard.js'

// Coverage-guided targets (V8 block coverage through node:inspector, see lib/coverage-probe.ts):
// 4 s each in CI; FUZZ_SECONDS sets the time per target for a longer run.
const seconds = Number(process.env['FUZZ_SECONDS'] ?? '4')
const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31))

function target(name: string, options: Omit<CoverageGuidedOptions, 'durationMs' | 'seed'>): void {
  it(
    name,
    () => {
      const started = performance.now()
      const result = fuzzWithCoverage({ ...options, durationMs: seconds * 1000, seed })
      const elapsed = Math.round(performance.now() - started) / 1000
      console.log(
        `fuzz ${name}: ${result.inputs} inputs in ${elapsed} s, corpus ${result.corpusSize}, ${result.blocks} blocks`,
      )
      const file = process.env['FUZZ_REPORT']
      if (file !== undefined && file !== '')
        appendFileSync(file, `${JSON.stringify({ target: name, ...result, seconds: elapsed })}\n`)
      expect(result.blocks).toBeGreaterThan(0)
    },
    seconds * 1000 + 120_000,
  )
}

describe('coverage-guided', () => {
  target('coverage-guided parseText', {
    seeds: expositionSeeds().text,
    dictionary: EXPOSITION_DICTIONARY,
    include: (url) => url.includes('/packages/model/src/exposition/'),
    run: (input) => {
      guard(() => parseText(input), [ParseError])
    },
  })

  target('coverage-guided parseExpr', {
    seeds: promqlSeeds(),
    dictionary: [
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      ',',
      '"',
      '=~',
      '!~',
      '+',
      '^',
      'by',
      'on',
      'offset',
      '@',
      '5m',
      ':',
    ],
    include: (url) => url.includes('/packages/promql/src/parser/'),
    maxLength: 1024,
    run: (input) => {
      guard(() => parseExpr(input), [PromQLParseError])
    },
  })
})
