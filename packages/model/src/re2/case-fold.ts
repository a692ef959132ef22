/**
 * Case-fold orbits ("k", "K" and the Kelvin sign U+212A), for patterns that mix case-sensitive
 * and `(?i)` parts: Node 20 has no inline `(?i:…)` modifiers, so folded parts are expanded into
 * classes. Candidates come from toUpperCase/toLowerCase and are confirmed by the engine's own
 * `iu` matching, so expansion agrees with what the `i` flag would do.
 */
let orbits: Map<number, number[]> | undefined

const LAST_CASED_CODE_POINT = 0x1ffff

function singleCodePoint(s: string): number | undefined {
  const cp = s.codePointAt(0)
  return cp !== undefined && String.fromCodePoint(cp).length === s.length ? cp : undefined
}

function buildOrbits(): Map<number, number[]> {
  const groups = new Map<number, number[]>()
  for (let cp = 0; cp <= LAST_CASED_CODE_POINT; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue
    const ch = String.fromCodePoint(cp)
    const upper = singleCodePoint(ch.toUpperCase()) ?? cp
    const key = singleCodePoint(String.fromCodePoint(upper).toLowerCase()) ?? upper
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [cp])
    else group.push(cp)
  }
  const out = new Map<number, number[]>()
  for (const group of groups.values()) {
    if (group.length < 2) continue
    // Split candidates into classes the engine really treats as equal under `iu`.
    const pending = group.slice()
    while (pending.length > 0) {
      const head = pending.shift() as number
      const re = new RegExp(`^\\u{${head.toString(16)}}$`, 'iu')
      const orbit = [head]
      for (let i = pending.length - 1; i >= 0; i--) {
        if (re.test(String.fromCodePoint(pending[i] as number))) orbit.push(...pending.splice(i, 1))
      }
      if (orbit.length > 1) {
        orbit.sort((a, b) => a - b)
        for (const cp of orbit) out.set(cp, orbit)
      }
    }
  }
  return out
}

/** Every code point equal to `cp` ignoring case, including `cp` itself, ascending. */
export function caseOrbit(cp: number): readonly number[] {
  orbits ??= buildOrbits()
  return orbits.get(cp) ?? [cp]
}
