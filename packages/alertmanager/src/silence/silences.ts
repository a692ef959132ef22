import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock.js'
import { SilenceError } from '../errors.js'
import { matchesAll, type AmMatcher, type LabelSet } from '../labels/matcher.js'

/** A silence; times are ms since the epoch. */
export interface Silence {
  id: string
  matchers: AmMatcher[]
  startsAtMs: number
  endsAtMs: number
  updatedAtMs: number
  createdBy: string
  comment: string
}

/** What a caller supplies to create or update a silence (`id` set = update). */
export type SilenceInput = Omit<Silence, 'id' | 'updatedAtMs'> & { id?: string }

/** A silence's state at an instant. */
export type SilenceState = 'pending' | 'active' | 'expired'

/** The state of a silence at `nowMs`. */
export function silenceState(s: Silence, nowMs: number): SilenceState {
  if (s.endsAtMs <= nowMs) return 'expired'
  if (s.startsAtMs > nowMs) return 'pending'
  return 'active'
}

function sameMatchers(a: readonly AmMatcher[], b: readonly AmMatcher[]): boolean {
  if (a.length !== b.length) return false
  return a.every((m, i) => {
    const o = b[i] as AmMatcher
    return m.type === o.type && m.name === o.name && m.value === o.value
  })
}

/**
 * The silences, with the original's rules: an active silence may only be extended or shortened in place
 * (otherwise the update expires it and creates a new one), expired silences are kept until the retention
 * passes so they can be listed and restored.
 */
export class Silences {
  private readonly byId = new Map<string, Silence>()
  /** Bumped on every change so persistence knows when to write. */
  version = 0

  constructor(
    private readonly clock: Clock,
    private readonly retentionMs: number,
  ) {}

  /** Creates or updates a silence; returns its id (a new one when an update had to replace it). */
  set(input: SilenceInput): string {
    const now = this.clock.now()
    if (input.matchers.length === 0) throw new SilenceError('at least one matcher required')
    if (input.matchers.every((m) => m.matches(''))) {
      throw new SilenceError('at least one matcher must not match the empty string')
    }
    if (input.endsAtMs <= input.startsAtMs) throw new SilenceError('start time must be before end time')
    if (input.endsAtMs < now) throw new SilenceError("end time can't be in the past")
    const candidate: Silence = {
      id: input.id ?? '',
      matchers: input.matchers,
      startsAtMs: input.startsAtMs,
      endsAtMs: input.endsAtMs,
      createdBy: input.createdBy,
      comment: input.comment,
      updatedAtMs: now,
    }
    let prev: Silence | undefined
    if (input.id !== undefined && input.id !== '') {
      prev = this.byId.get(input.id)
      if (prev === undefined) throw new SilenceError(`silence ${input.id} not found`, true)
      if (this.canUpdate(prev, candidate, now)) {
        this.byId.set(prev.id, candidate)
        this.version++
        return prev.id
      }
    }
    candidate.id = randomUUID()
    if (candidate.startsAtMs < now) candidate.startsAtMs = now
    if (prev !== undefined && silenceState(prev, now) !== 'expired') this.expireSilence(prev, now)
    this.byId.set(candidate.id, candidate)
    this.version++
    return candidate.id
  }

  private canUpdate(a: Silence, b: Silence, now: number): boolean {
    if (!sameMatchers(a.matchers, b.matchers)) return false
    switch (silenceState(a, now)) {
      case 'active':
        return b.startsAtMs === a.startsAtMs && b.endsAtMs >= now
      case 'pending':
        return b.startsAtMs >= now
      case 'expired':
        return false
    }
  }

  private expireSilence(s: Silence, now: number): void {
    const next = { ...s, updatedAtMs: now, endsAtMs: now }
    if (silenceState(s, now) === 'pending') next.startsAtMs = now
    this.byId.set(s.id, next)
    this.version++
  }

  /** Expires a silence now. @throws SilenceError when unknown or already expired. */
  expire(id: string): void {
    const s = this.byId.get(id)
    if (s === undefined) throw new SilenceError(`silence ${id} not found`, true)
    const now = this.clock.now()
    if (silenceState(s, now) === 'expired') throw new SilenceError(`silence ${id} already expired`)
    this.expireSilence(s, now)
  }

  get(id: string): Silence | undefined {
    return this.byId.get(id)
  }

  all(): Silence[] {
    return [...this.byId.values()]
  }

  /** Ids of the active silences that match the label set. */
  mutedBy(labels: LabelSet): string[] {
    const now = this.clock.now()
    const ids: string[] = []
    for (const s of this.byId.values()) {
      if (silenceState(s, now) === 'active' && matchesAll(s.matchers, labels)) ids.push(s.id)
    }
    return ids.sort()
  }

  /** Drops silences that expired more than the retention ago; returns how many. */
  gc(): number {
    const cutoff = this.clock.now() - this.retentionMs
    let n = 0
    for (const [id, s] of this.byId) {
      if (s.endsAtMs < cutoff) {
        this.byId.delete(id)
        n++
      }
    }
    if (n > 0) this.version++
    return n
  }

  /** Replaces the contents with restored silences (from a snapshot). */
  restore(silences: readonly Silence[]): void {
    this.byId.clear()
    for (const s of silences) this.byId.set(s.id, s)
    this.version++
  }

  /** Counts per state, for `alertmanager_silences`. */
  counts(): Record<SilenceState, number> {
    const now = this.clock.now()
    const out: Record<SilenceState, number> = { active: 0, pending: 0, expired: 0 }
    for (const s of this.byId.values()) out[silenceState(s, now)]++
    return out
  }
}
