import { createHash, timingSafeEqual } from 'node:crypto'
import bcrypt from 'bcryptjs'

/** Credentials from an `Authorization: Basic …` header. */
export interface BasicCredentials {
  user: string
  password: string
}

/** Reads `Authorization: Basic base64(user:password)` as Go's `Request.BasicAuth` does; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined || header.length < 6 || header.slice(0, 6).toLowerCase() !== 'basic ')
    return undefined
  const encoded = header.slice(6)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** A bcrypt hash of a random password nobody knows: unknown users cost as much as known ones, so timing does not reveal names. */
const DECOY_HASH = '$2b$10$t8/.Jvw9aq1fVHwfp57iZeEVY9UnDhRfxnUrLeV8EQaeYt8VXl16u'

/** Options of {@link BasicAuthVerifier}. */
export interface BasicAuthVerifierOptions {
  /** How many (user, password, hash) outcomes to remember; default 256. */
  cacheSize?: number
}

/**
 * Checks basic-auth credentials against bcrypt hashes. A bcrypt verification costs tens of
 * milliseconds by design, so outcomes are remembered per (user, password, hash) — keyed by a
 * SHA-256 of the three, never the password itself — in a bounded cache, and concurrent requests
 * with the same credentials share one verification: a flood of requests costs one bcrypt run.
 * Changing a user's hash in the file changes the key, so old outcomes stop applying.
 */
export class BasicAuthVerifier {
  private readonly cacheSize: number
  private readonly outcomes = new Map<string, boolean>()
  private readonly inFlight = new Map<string, Promise<boolean>>()
  private runs = 0

  constructor(options: BasicAuthVerifierOptions = {}) {
    this.cacheSize = Math.max(1, options.cacheSize ?? 256)
  }

  /** How many bcrypt verifications ran so far (cache misses), for metrics and tests. */
  get bcryptRuns(): number {
    return this.runs
  }

  /** Whether `password` is `user`'s according to `users` (name to bcrypt hash). */
  verify(users: ReadonlyMap<string, string>, user: string, password: string): Promise<boolean> {
    const known = users.get(user)
    const hash = known ?? DECOY_HASH
    const key = createHash('sha256')
      .update(`${Buffer.byteLength(user)}:${user}\n${Buffer.byteLength(hash)}:${hash}\n`)
      .update(password)
      .digest('base64')
    const cached = this.outcomes.get(key)
    if (cached !== undefined) return Promise.resolve(cached && known !== undefined)
    let pending = this.inFlight.get(key)
    if (pending === undefined) {
      pending = this.compute(key, password, hash)
      this.inFlight.set(key, pending)
    }
    return pending.then((ok) => ok && known !== undefined)
  }

  private async compute(key: string, password: string, hash: string): Promise<boolean> {
    this.runs++
    try {
      // The salt and cost are the hash minus its last 31 characters (the digest).
      const computed = Buffer.from(await bcrypt.hash(password, hash.slice(0, hash.length - 31)))
      const expected = Buffer.from(hash)
      const ok = computed.length === expected.length && timingSafeEqual(computed, expected)
      this.remember(key, ok)
      return ok
    } catch {
      this.remember(key, false)
      return false
    } finally {
      this.inFlight.delete(key)
    }
  }

  private remember(key: string, ok: boolean): void {
    if (this.outcomes.size >= this.cacheSize) {
      const oldest = this.outcomes.keys().next()
      if (oldest.done !== true) this.outcomes.delete(oldest.value)
    }
    this.outcomes.set(key, ok)
  }
}
