// Grouping and filtering targets for the targets page.
import type { ApiTarget } from '../lib/api-types.js'

/** Which health states the page shows, and a free-text filter over endpoint and labels. */
export interface TargetFilter {
  health: ReadonlySet<ApiTarget['health']>
  text: string
}

/** True when the target's health is selected and the text (case-insensitive) is in its URL or a label. */
export function targetMatches(t: ApiTarget, f: TargetFilter): boolean {
  if (!f.health.has(t.health)) return false
  const q = f.text.trim().toLowerCase()
  if (q === '') return true
  if (t.scrapeUrl.toLowerCase().includes(q)) return true
  return Object.entries(t.labels).some(([k, v]) => `${k}="${v}"`.toLowerCase().includes(q))
}

/** One scrape pool's targets with its up count, pools in name order. */
export interface TargetPool {
  name: string
  targets: ApiTarget[]
  up: number
  total: number
}

/** Groups the targets by pool, counting health before filtering so "2/3 up" stays true under a filter. */
export function groupTargets(targets: readonly ApiTarget[], f: TargetFilter): TargetPool[] {
  const pools = new Map<string, TargetPool>()
  for (const t of targets) {
    let p = pools.get(t.scrapePool)
    if (p === undefined) {
      p = { name: t.scrapePool, targets: [], up: 0, total: 0 }
      pools.set(t.scrapePool, p)
    }
    p.total++
    if (t.health === 'up') p.up++
    if (targetMatches(t, f)) p.targets.push(t)
  }
  return [...pools.values()].sort((a, b) => a.name.localeCompare(b.name))
}
