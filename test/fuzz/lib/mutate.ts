import fc from 'fast-check'

/** One edit of an input; positions are taken modulo the input's length when applied, so any number fits. */
export type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'replace'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'splice'; at: number; donor: number; from: number; length: number }
  | { op: 'truncate'; at: number }

function pick(n: number, size: number): number {
  return size === 0 ? 0 : n % (size + 1)
}

function applyOne(s: string, m: Mutation, donors: readonly string[]): string {
  const at = pick(m.at, s.length)
  switch (m.op) {
    case 'insert':
      return s.slice(0, at) + m.text + s.slice(at)
    case 'replace':
      return s.slice(0, at) + m.text + s.slice(at + m.text.length)
    case 'delete':
      return s.slice(0, at) + s.slice(at + m.length)
    case 'duplicate': {
      const to = pick(m.to, s.length)
      return s.slice(0, to) + s.slice(at, at + m.length) + s.slice(to)
    }
    case 'splice': {
      const donor = donors[m.donor % donors.length] ?? ''
      const from = pick(m.from, donor.length)
      return s.slice(0, at) + donor.slice(from, from + m.length) + s.slice(at)
    }
    case 'truncate':
      return s.slice(0, at)
  }
}

/** Applies edits in order; `donors` supply the spliced-in slices. */
export function applyMutations(
  seed: string,
  mutations: readonly Mutation[],
  donors: readonly string[],
): string {
  let s = seed
  for (const m of mutations) s = applyOne(s, m, donors)
  return s
}

function mutation(fragment: fc.Arbitrary<string>): fc.Arbitrary<Mutation> {
  const at = fc.nat()
  const length = fc.integer({ min: 1, max: 64 })
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at, text: fragment }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at, text: fragment }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at, length }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at, length, to: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('splice' as const),
        at,
        donor: fc.nat(),
        from: fc.nat(),
        length,
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
  )
}

/** A short fragment: a dictionary token most of the time, otherwise a few arbitrary characters. */
export function fragment(dictionary: readonly string[]): fc.Arbitrary<string> {
  const random = fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })
  if (dictionary.length === 0) return random
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...dictionary) }, { weight: 1, arbitrary: random })
}

/**
 * Inputs made by taking a real input (a seed) and applying up to `maxMutations` random edits
 * (inserting dictionary tokens or random characters, deleting, duplicating, splicing in parts of
 * other seeds, truncating): mostly-valid inputs that reach deep into a parser.
 */
export function mutatedString(
  seeds: readonly string[],
  dictionary: readonly string[],
  maxMutations = 6,
): fc.Arbitrary<string> {
  if (seeds.length === 0) throw new Error('cannot mutate without seeds')
  return fc
    .tuple(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(mutation(fragment(dictionary)), { maxLength: maxMutations }),
    )
    .map(([i, mutations]) => applyMutations(seeds[i] as string, mutations, seeds))
}

/** Inputs assembled from dictionary tokens and random characters, for what no seed looks like. */
export function tokenSoup(dictionary: readonly string[], maxTokens = 40): fc.Arbitrary<string> {
  return fc.array(fragment(dictionary), { maxLength: maxTokens }).map((parts) => parts.join(''))
}

function toLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1')
}

/**
 * Byte inputs made like {@link mutatedString}: seeds are real encodings, the dictionary holds
 * interesting byte runs (tags, varint edges, lengths).
 */
export function mutatedBytes(
  seeds: readonly Uint8Array[],
  dictionary: readonly Uint8Array[],
  maxMutations = 6,
): fc.Arbitrary<Uint8Array> {
  const randomByte = fc.uint8Array({ minLength: 1, maxLength: 4 }).map(toLatin1)
  const frag =
    dictionary.length === 0
      ? randomByte
      : fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...dictionary.map(toLatin1)) },
          { weight: 2, arbitrary: randomByte },
        )
  const donors = seeds.map(toLatin1)
  if (donors.length === 0) throw new Error('cannot mutate without seeds')
  return fc
    .tuple(fc.nat({ max: donors.length - 1 }), fc.array(mutation(frag), { maxLength: maxMutations }))
    .map(
      ([i, mutations]) =>
        new Uint8Array(Buffer.from(applyMutations(donors[i] as string, mutations, donors), 'latin1')),
    )
}
