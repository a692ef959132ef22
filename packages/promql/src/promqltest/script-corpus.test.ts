import { fileURLToPath } from 'node:url'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseScript } from './script-parser.js'

// ../shared beside the repository, as CI lays it out.
const CORPUS = fileURLToPath(new URL('../../../../../shared/conformance/promql', import.meta.url))
const available = existsSync(CORPUS)
const files = available
  ? readdirSync(CORPUS)
      .filter((f) => f.endsWith('.test'))
      .sort()
  : []

// Counts per file from the corpus INDEX.md: [load incl. load_with_nhcb, clear, eval].
const EXPECTED: Record<string, [number, number, number]> = {
  'aggregators.test': [20, 19, 160],
  'at_modifier.test': [4, 3, 71],
  'collision.test': [2, 2, 2],
  'duration_expression.test': [4, 3, 59],
  'extended_vectors.test': [27, 27, 169],
  'fill-modifier.test': [12, 11, 46],
  'functions.test': [53, 46, 431],
  'histograms.test': [37, 4, 185],
  'info.test': [15, 14, 42],
  'limit.test': [1, 0, 37],
  'literals.test': [0, 0, 25],
  'name_label_dropping.test': [3, 2, 30],
  'native_histograms.test': [74, 55, 522],
  'operators.test': [16, 12, 213],
  'range_queries.test': [10, 9, 18],
  'selectors.test': [7, 4, 31],
  'staleness.test': [2, 1, 17],
  'start_timestamps.test': [10, 10, 26],
  'subquery.test': [6, 4, 34],
  'trig_functions.test': [1, 1, 19],
  'type_and_unit.test': [2, 1, 58],
}

describe('promqltest corpus', () => {
  if (!available) {
    it('finds the corpus', () => {
      if (process.env.CI === 'true') throw new Error(`conformance scripts missing at ${CORPUS}`)
    })
    it.skip(`parses every script (skipped: ${CORPUS} is missing)`, () => {})
    return
  }

  it('has every script the index lists', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(files)('parses %s', (file) => {
    const commands = parseScript(readFileSync(join(CORPUS, file), 'utf8'))
    const count = (kind: string): number => commands.filter((c) => c.kind === kind).length
    expect([count('load'), count('clear'), count('eval')]).toEqual(EXPECTED[file])
  })
})
