import { randomBytes } from 'node:crypto'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * A ULID: 48-bit millisecond timestamp then 80 random bits, as 26 Crockford base32 characters, so
 * block directory names sort by creation time as Prometheus expects.
 */
export function newUlid(timeMs: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs >= 2 ** 48) {
    throw new RangeError(`cannot make a ULID for time ${timeMs} (outside 0..2^48)`)
  }
  const bytes = new Uint8Array(16)
  let t = timeMs
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256
    t = Math.floor(t / 256)
  }
  bytes.set(random.subarray(0, 10), 6)
  // 128 bits as 26 five-bit groups; the first group holds only the top 3 bits (2 leading zero bits).
  let out = ''
  for (let g = 0; g < 26; g++) {
    const bit = g * 5 - 2
    let v = 0
    for (let k = 0; k < 5; k++) {
      const pos = bit + k
      const b = pos < 0 ? 0 : ((bytes[pos >>> 3] as number) >>> (7 - (pos & 7))) & 1
      v = (v << 1) | b
    }
    out += CROCKFORD[v]
  }
  return out
}

/** The millisecond timestamp in a ULID string. */
export function ulidTime(ulid: string): number {
  let t = 0
  for (let i = 0; i < 10; i++) {
    const v = CROCKFORD.indexOf(ulid[i]?.toUpperCase() ?? '')
    if (v < 0) throw new RangeError(`cannot parse ULID ${JSON.stringify(ulid)} (bad character at ${i})`)
    t = t * 32 + v
  }
  return t
}

/** True for a 26-character Crockford base32 string, i.e. a block directory name. */
export function isUlid(s: string): boolean {
  return /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(s)
}
