/** An alert's state as the API reports it. */
export interface AlertStatus {
  state: 'unprocessed' | 'active' | 'suppressed'
  silencedBy: string[]
  inhibitedBy: string[]
}

/** Remembers, per fingerprint, which silences and which alerts last muted an alert. */
export class Marker {
  private readonly statuses = new Map<string, AlertStatus>()

  /** The alert's status; `unprocessed` until a silencer or inhibitor has looked at it. */
  status(fp: string): AlertStatus {
    return this.statuses.get(fp) ?? { state: 'unprocessed', silencedBy: [], inhibitedBy: [] }
  }

  setSilenced(fp: string, ids: string[]): void {
    const s = this.entry(fp)
    s.silencedBy = ids
    s.state = s.silencedBy.length > 0 || s.inhibitedBy.length > 0 ? 'suppressed' : 'active'
  }

  setInhibited(fp: string, ids: string[]): void {
    const s = this.entry(fp)
    s.inhibitedBy = ids
    s.state = s.silencedBy.length > 0 || s.inhibitedBy.length > 0 ? 'suppressed' : 'active'
  }

  delete(fp: string): void {
    this.statuses.delete(fp)
  }

  /** Counts of alerts per state, for `alertmanager_alerts`. */
  counts(fps: Iterable<string>): { active: number; suppressed: number; unprocessed: number } {
    const out = { active: 0, suppressed: 0, unprocessed: 0 }
    for (const fp of fps) out[this.status(fp).state]++
    return out
  }

  private entry(fp: string): AlertStatus {
    let s = this.statuses.get(fp)
    if (s === undefined) {
      s = { state: 'active', silencedBy: [], inhibitedBy: [] }
      this.statuses.set(fp, s)
    }
    return s
  }
}
