import { hostname } from 'node:os'
import type { Labels } from '@watchfire/model'
import type { Target, TargetError } from '../scrape/target.js'
import type { ApiResult } from './api-response.js'
import type { ApiForm } from './request-body.js'
import { labelsJson } from './value-json.js'

/** Where the targets endpoint reads targets from; the ScrapeManager is one. */
export interface TargetRetriever {
  activeTargets(): Map<string, Target[]>
  droppedTargets(): Map<string, TargetError[]>
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The scrape URL with a loopback host replaced by this machine's name, as Prometheus's globalUrl. */
export function globalUrl(scrapeUrl: string, host: string = hostname()): string {
  try {
    const url = new URL(scrapeUrl)
    if (!LOOPBACK.has(url.hostname)) return scrapeUrl
    url.hostname = host
    return url.toString()
  } catch {
    return scrapeUrl
  }
}

/** A millisecond time in Go's RFC3339Nano (UTC, trailing fraction zeros dropped); 0 is Go's zero time. */
export function formatRfc3339(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z'
  const iso = new Date(ms).toISOString()
  return iso.replace(/\.?0*Z$/, 'Z')
}

function activeJson(pool: string, t: Target, host: string): string {
  return [
    `{"discoveredLabels":${labelsJson(t.discoveredLabels)}`,
    `"labels":${labelsJson(t.seriesLabels)}`,
    `"scrapePool":${JSON.stringify(pool)}`,
    `"scrapeUrl":${JSON.stringify(t.url)}`,
    `"globalUrl":${JSON.stringify(globalUrl(t.url, host))}`,
    `"lastError":${JSON.stringify(t.lastError)}`,
    `"lastScrape":${JSON.stringify(formatRfc3339(t.lastScrapeMs))}`,
    `"lastScrapeDuration":${JSON.stringify(t.lastScrapeDurationMs / 1000)}`,
    `"health":${JSON.stringify(t.health)}`,
    `"scrapeInterval":${JSON.stringify(t.labels.get('__scrape_interval__'))}`,
    `"scrapeTimeout":${JSON.stringify(t.labels.get('__scrape_timeout__'))}}`,
  ].join(',')
}

function droppedJson(labels: Labels): string {
  return `{"discoveredLabels":${labelsJson(labels)}}`
}

/** GET /api/v1/targets: active and dropped targets by pool name, filtered by `state`. */
export function targets(retriever: TargetRetriever, form: ApiForm, host: string = hostname()): ApiResult {
  const state = (form.get('state') ?? '').trim().toLowerCase()
  const showActive = state === '' || state === 'any' || state === 'active'
  const showDropped = state === '' || state === 'any' || state === 'dropped'
  const active: string[] = []
  if (showActive) {
    const byPool = retriever.activeTargets()
    for (const pool of [...byPool.keys()].sort()) {
      for (const t of byPool.get(pool) ?? []) active.push(activeJson(pool, t, host))
    }
  }
  const dropped: string[] = []
  if (showDropped) {
    const byPool = retriever.droppedTargets()
    for (const pool of [...byPool.keys()].sort()) {
      for (const t of byPool.get(pool) ?? []) dropped.push(droppedJson(t.discoveredLabels))
    }
  }
  return { data: `{"activeTargets":[${active.join(',')}],"droppedTargets":[${dropped.join(',')}]}` }
}
