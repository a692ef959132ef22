/**
 * XXH64 (seed 0), the hash Prometheus's labels.Hash uses: limit_ratio picks series by it, so the
 * same series are chosen as upstream. BigInt arithmetic keeps it exact; callers cache per series.
 */

const MASK = (1n << 64n) - 1n
const P1 = 11400714785074694791n
const P2 = 14029467366897019727n
const P3 = 1609587929392839161n
const P4 = 9650029242287828579n
const P5 = 2870177450012600261n

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK
}

function round(acc: bigint, input: bigint): bigint {
  return (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return (((acc ^ round(0n, val)) * P1) & MASK) + P4
}

/** The 64-bit hash of `data`. */
export function xxhash64(data: Uint8Array): bigint {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const len = data.length
  let p = 0
  let h: bigint
  if (len >= 32) {
    let v1 = (P1 + P2) & MASK
    let v2 = P2
    let v3 = 0n
    let v4 = (MASK + 1n - P1) & MASK
    for (; p + 32 <= len; p += 32) {
      v1 = round(v1, view.getBigUint64(p, true))
      v2 = round(v2, view.getBigUint64(p + 8, true))
      v3 = round(v3, view.getBigUint64(p + 16, true))
      v4 = round(v4, view.getBigUint64(p + 24, true))
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK
    h = mergeRound(h, v1) & MASK
    h = mergeRound(h, v2) & MASK
    h = mergeRound(h, v3) & MASK
    h = mergeRound(h, v4) & MASK
  } else h = P5
  h = (h + BigInt(len)) & MASK
  for (; p + 8 <= len; p += 8) {
    h ^= round(0n, view.getBigUint64(p, true))
    h = ((rotl(h, 27n) * P1) & MASK) + P4
    h &= MASK
  }
  if (p + 4 <= len) {
    h ^= (BigInt(view.getUint32(p, true)) * P1) & MASK
    h = (((rotl(h, 23n) * P2) & MASK) + P3) & MASK
    p += 4
  }
  for (; p < len; p++) {
    h ^= (BigInt(data[p] as number) * P5) & MASK
    h = (rotl(h, 11n) * P1) & MASK
  }
  h ^= h >> 33n
  h = (h * P2) & MASK
  h ^= h >> 29n
  h = (h * P3) & MASK
  h ^= h >> 32n
  return h
}
