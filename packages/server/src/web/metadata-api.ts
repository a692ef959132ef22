import type { Matcher, MetricType } from '@watchfire/model'
import type { Target } from '../scrape/target.js'
import { ApiError } from './api-error.js'
import type { ApiResult } from './api-response.js'
import { parseMatchersParam } from './matchers-param.js'
import type { ApiForm } from './request-body.js'
import type { TargetRetriever } from './targets-api.js'
import { labelsJson } from './value-json.js'

/** A metric family's metadata as the last scrape of a target announced it. */
export interface MetricMetadata {
  type: MetricType
  help: string
  unit: string
}

/** Where the metadata endpoints read per-target metadata from (family name → metadata). */
export interface MetadataRetriever {
  metadataFor(target: Target): ReadonlyMap<string, MetricMetadata>
}

function limitParam(form: ApiForm): number {
  const s = form.get('limit')
  if (s === undefined || s === '') return -1
  if (!/^[+-]?\d+$/.test(s)) throw new ApiError('bad_data', 'limit must be a number')
  return Number(s)
}

function metadataJson(m: MetricMetadata): string {
  return `"type":${JSON.stringify(m.type)},"help":${JSON.stringify(m.help)},"unit":${JSON.stringify(m.unit)}`
}

/** GET /api/v1/metadata: metadata by metric name over every active target (distinct entries). */
export function metadata(targets: TargetRetriever, source: MetadataRetriever, form: ApiForm): ApiResult {
  const limit = limitParam(form)
  const metric = form.get('metric') ?? ''
  const byName = new Map<string, Set<string>>()
  for (const list of targets.activeTargets().values()) {
    for (const t of list) {
      for (const [name, m] of source.metadataFor(t)) {
        if (metric !== '' && name !== metric) continue
        let set = byName.get(name)
        if (set === undefined) byName.set(name, (set = new Set()))
        set.add(`{${metadataJson(m)}}`)
      }
    }
  }
  const out: string[] = []
  for (const [name, set] of byName) {
    if (limit >= 0 && out.length >= limit) break
    out.push(`${JSON.stringify(name)}:[${[...set].join(',')}]`)
  }
  return { data: `{${out.join(',')}}` }
}

function matchesAll(target: Target, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => m.matches(target.seriesLabels.get(m.name)))
}

/** GET /api/v1/targets/metadata: per-target metadata, filtered by `match_target` and `metric`. */
export function targetsMetadata(
  targets: TargetRetriever,
  source: MetadataRetriever,
  form: ApiForm,
): ApiResult {
  const limit = limitParam(form)
  const selector = form.get('match_target') ?? ''
  const matchers = selector === '' ? [] : (parseMatchersParam([selector])[0] ?? [])
  const metric = form.get('metric') ?? ''
  const out: string[] = []
  for (const list of targets.activeTargets().values()) {
    for (const t of list) {
      if (limit >= 0 && out.length >= limit) break
      if (!matchesAll(t, matchers)) continue
      const target = `"target":${labelsJson(t.seriesLabels)}`
      const all = source.metadataFor(t)
      if (metric === '') {
        for (const [name, m] of all)
          out.push(`{${target},"metric":${JSON.stringify(name)},${metadataJson(m)}}`)
      } else {
        const m = all.get(metric)
        if (m !== undefined) out.push(`{${target},${metadataJson(m)}}`)
      }
    }
  }
  return { data: `[${out.join(',')}]` }
}
