import fc from 'fast-check'
import { parseGroupingPath, RequestError } from '@watchfire/pushgateway'
import { describe, expect } from 'vitest'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedString, tokenSoup } from './lib/mutate.js'
import { GROUPING_PATH_FINDINGS } from './regressions/pushgateway-findings.js'

const SEEDS = [
  '/job/some_job',
  '/job/some_job/instance/some_instance',
  '/job@base64/YmFyL2Jheg/a/b/c@base64/',
  '/job/x/path@base64/L3Zhci90bXA=/env/prod/',
  '/job/j/le/0.5/quantile/1',
]
const DICTIONARY: readonly string[] = [
  ...['/', '//', '/job/', '/job@base64/', '@base64', '@base64/', '=', '==', '+', '-', '_', '%2F', '%'],
  ...['__name__', '__x', 'a:b', '0a', 'ö', '\u{1F600}', '\uD800', 'YQ', 'YQ=', 'Y', 'YWJj', '_w', '-_', '..'],
]

/** A base64url encoding without padding, as clients write `@base64` values. */
function base64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url')
}

const labelName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,8}$/).filter((n) => n !== 'job')

describe('Pushgateway grouping key paths', () => {
  fuzzTarget(
    'parseGroupingPath never crashes',
    fc.oneof(
      { weight: 3, arbitrary: mutatedString(SEEDS, DICTIONARY) },
      { weight: 1, arbitrary: tokenSoup(DICTIONARY, 20) },
    ),
    (path) => {
      guard(() => parseGroupingPath(path), [RequestError])
    },
    { ciRuns: 4000, examples: GROUPING_PATH_FINDINGS },
  )

  // Any grouping key a client can build (values base64url-encoded, as the client libraries do for
  // values with a slash or an empty value) reads back as itself.
  fuzzTarget(
    'parseGroupingPath reads back any encoded grouping key',
    fc.tuple(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.uniqueArray(fc.tuple(labelName, fc.string({ unit: 'grapheme', maxLength: 12 })), {
        selector: ([n]) => n,
        maxLength: 4,
      }),
    ),
    ([job, labels]) => {
      let path = `/job@base64/${base64url(job)}`
      for (const [name, value] of labels) path += `/${name}@base64/${base64url(value)}`
      expect(parseGroupingPath(path)).toEqual(
        Object.fromEntries([...labels, ['job', job]].sort(([a], [b]) => (a! < b! ? -1 : 1))),
      )
    },
    { ciRuns: 2000 },
  )
})
