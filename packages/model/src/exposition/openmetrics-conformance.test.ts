import { fileURLToPath } from 'node:url'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../errors.js'
import { parseOpenMetrics } from './openmetrics-parse.js'

// The upstream OpenMetrics parser suite, read in place (never copied into the repository).
// ../shared beside the repository, as CI lays it out.
const CASES_DIR = fileURLToPath(
  new URL('../../../../../shared/conformance/openmetrics/parsers', import.meta.url),
)

interface Case {
  name: string
  shouldParse: boolean
  bytes: Uint8Array
}

function loadCases(): Case[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(CASES_DIR, d.name)
      const spec = JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8')) as {
        file: string
        shouldParse: boolean
      }
      return {
        name: d.name,
        shouldParse: spec.shouldParse,
        bytes: new Uint8Array(readFileSync(join(dir, spec.file))),
      }
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
}

const present = existsSync(CASES_DIR)

describe('OpenMetrics conformance suite', () => {
  if (!present) {
    if (process.env.CI === 'true') {
      it('has the conformance data', () => {
        expect.fail(`OpenMetrics conformance cases not found at ${CASES_DIR}; CI must provide them`)
      })
    } else {
      it.skip(`skipped: OpenMetrics conformance cases not found at ${CASES_DIR}`, () => {})
    }
    return
  }

  const cases = loadCases()

  it('has the full upstream suite', () => {
    expect(cases.length).toBe(211)
    expect(cases.filter((c) => c.shouldParse).length).toBe(44)
  })

  it.each(cases.filter((c) => c.shouldParse).map((c) => [c.name, c] as const))('accepts %s', (_, c) => {
    expect(() => parseOpenMetrics(c.bytes)).not.toThrow()
  })

  it.each(cases.filter((c) => !c.shouldParse).map((c) => [c.name, c] as const))('rejects %s', (_, c) => {
    expect(() => parseOpenMetrics(c.bytes)).toThrow(ParseError)
  })
})
