// Label-matcher regexes: Watchfire's Matcher (fast paths, V8 for safe shapes, the linear-time Pike VM
// for shapes that could backtrack) against a raw anchored V8 RegExp of the same pattern, over 100k label
// values, so changes to the engine-selection rule (packages/model/src/re2/backtrack-risk.ts) are measured.
// Usage: npm run bench -- regex   (or: node bench/regex/matchers.js after npm run build)
import { fileURLToPath } from 'node:url'
import { Matcher } from '@watchfire/model'
import { nsPerOp, printComparison } from '../lib/measure.js'

const VALUE_COUNT = 100_000

/** Deterministic label values: job-like names, hosts, paths and some random words. */
function labelValues() {
  let seed = 42
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const words = ['api', 'web', 'foo', 'bar', 'baz', 'node', 'prod', 'db', 'cache', 'aaab']
  const out = []
  for (let i = 0; i < VALUE_COUNT; i++) {
    const parts = 1 + Math.floor(rnd() * 4)
    let v = ''
    for (let p = 0; p < parts; p++) v += (p > 0 ? '-' : '') + words[Math.floor(rnd() * words.length)]
    if (rnd() < 0.5) v += `-${Math.floor(rnd() * 100)}`
    out.push(v)
  }
  return out
}

const PATTERNS = ['api|web', '.*foo.*', 'ba.+', '[a-z]+-\\d+', '.*foo.*bar.*', '(a*)*b', '(\\w+\\s?)*$']

function timeMatches(values, matches) {
  return nsPerOp(
    (iterations) => {
      let hits = 0
      for (let i = 0; i < iterations; i++) if (matches(values[i % values.length])) hits++
      return hits
    },
    { iterations: values.length, runs: 5, warmups: 1 },
  )
}

export async function run() {
  const values = labelValues()
  const rows = []
  for (const pattern of PATTERNS) {
    const matcher = new Matcher('=~', 'job', pattern)
    const raw = new RegExp(`^(?:${pattern})$`, 'su')
    rows.push({
      name: `\`${pattern}\` on ${VALUE_COUNT / 1000}k values`,
      watchfire: await timeMatches(values, (v) => matcher.matches(v)),
      anchor: await timeMatches(values, (v) => raw.test(v)),
    })
  }
  printComparison('Label-matcher regexes (ns per match)', 'raw V8 RegExp', rows)

  // What the selection rule exists for: V8 alone needs ~36 s for one 28-character value here.
  const hostile = Array.from({ length: 1000 }, (_, i) => 'a'.repeat(28 + (i % 100)))
  const lines = ['\nHostile values (28–127 × "a"), Watchfire only: the raw RegExp would not finish']
  for (const pattern of ['(a*)*b', '(a|aa)*c', '(x+x+)+y']) {
    const matcher = new Matcher('=~', 'job', pattern)
    lines.push(
      `| \`${pattern}\` | ${(await timeMatches(hostile, (v) => matcher.matches(v))).toFixed(0)} ns/match |`,
    )
  }
  console.log(lines.join('\n'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run()
