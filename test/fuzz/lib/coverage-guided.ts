import { CoverageProbe } from './coverage-probe.js'
import { applyMutations, type Mutation } from './mutate.js'

/** A coverage-guided run: how long, on what, and what counts as coverage. */
export interface CoverageGuidedOptions {
  seeds: readonly string[]
  dictionary: readonly string[]
  /** Runs one input; throws (a FuzzFinding) on a crash or hang. */
  run: (input: string) => void
  /** Which scripts' blocks count, by URL (the parser's sources). */
  include: (url: string) => boolean
  durationMs: number
  /** Seed of the mutation PRNG, printed with a finding so the run can be replayed. */
  seed: number
  /** Inputs longer than this are cut, so the corpus does not grow without bound. */
  maxLength?: number
  /** At most this many seeds (evenly spaced) start the corpus: each costs a coverage read. */
  maxSeeds?: number
}

/** What a run covered. */
export interface CoverageGuidedResult {
  inputs: number
  corpusSize: number
  blocks: number
}

/** mulberry32: a small, fast, seedable PRNG, so a finding replays from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomMutation(random: () => number, dictionary: readonly string[]): Mutation {
  const int = (n: number): number => Math.floor(random() * n)
  const at = int(2 ** 31)
  const text =
    dictionary.length > 0 && random() < 0.75
      ? (dictionary[int(dictionary.length)] as string)
      : String.fromCodePoint(
          ...Array.from({ length: 1 + int(3) }, () => (random() < 0.9 ? int(128) : int(0x11000))),
        )
  const length = 1 + int(64)
  switch (int(6)) {
    case 0:
      return { op: 'insert', at, text }
    case 1:
      return { op: 'replace', at, text }
    case 2:
      return { op: 'delete', at, length }
    case 3:
      return { op: 'duplicate', at, length, to: int(2 ** 31) }
    case 4:
      return { op: 'splice', at, donor: int(2 ** 31), from: int(2 ** 31), length }
    default:
      return { op: 'truncate', at }
  }
}

/**
 * A small coverage-guided fuzzer in the manner of libFuzzer, on V8's block coverage: inputs are
 * mutations of corpus entries, and an input that runs a block (or a block a new number of times)
 * never seen before joins the corpus, so later mutations start from it.
 */
export function fuzzWithCoverage(options: CoverageGuidedOptions): CoverageGuidedResult {
  const random = prng(options.seed)
  const maxLength = options.maxLength ?? 4096
  const probe = new CoverageProbe(options.include)
  const seen = new Set<string>()
  const corpus: string[] = []
  let inputs = 0
  const consider = (input: string): void => {
    inputs++
    try {
      options.run(input)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      throw new Error(`${message}\ninput: ${JSON.stringify(input)}\nreplay with FUZZ_SEED=${options.seed}`, {
        cause: err,
      })
    }
    let fresh = false
    for (const key of probe.take()) {
      if (seen.has(key)) continue
      seen.add(key)
      fresh = true
    }
    if (fresh) corpus.push(input)
  }
  try {
    probe.take()
    const step = Math.max(1, Math.ceil(options.seeds.length / (options.maxSeeds ?? 100)))
    const seeds = options.seeds.filter((_, i) => i % step === 0).map((s) => s.slice(0, maxLength))
    for (const seed of seeds) consider(seed)
    if (corpus.length === 0) corpus.push(...seeds)
    const deadline = performance.now() + options.durationMs
    while (performance.now() < deadline) {
      const base = corpus[Math.floor(random() * corpus.length)] as string
      const mutations = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
        randomMutation(random, options.dictionary),
      )
      consider(applyMutations(base, mutations, corpus).slice(0, maxLength))
    }
  } finally {
    probe.close()
  }
  return { inputs, corpusSize: corpus.length, blocks: seen.size }
}
