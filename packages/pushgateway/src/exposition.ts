import { gzipSync } from 'node:zlib'
import type { ExpositionFormat, Metric, MetricFamily } from '@watchfire/model'
import { compareStrings, serialize } from '@watchfire/model'
import type { MetricStore } from './store.js'

/** Orders metrics as Go's gatherer does: by label count, then label values in (sorted) name order. */
function compareMetrics(a: Metric, b: Metric): number {
  const x = Object.keys(a.labels)
  const y = Object.keys(b.labels)
  if (x.length !== y.length) return x.length - y.length
  for (let i = 0; i < x.length; i++) {
    const c = compareStrings(a.labels[x[i] as string] as string, b.labels[y[i] as string] as string)
    if (c !== 0) return c
  }
  for (let i = 0; i < x.length; i++) {
    const c = compareStrings(x[i] as string, y[i] as string)
    if (c !== 0) return c
  }
  return 0
}

/**
 * Merges `sources` (lists of families) into one family per name, as the original's gatherer: the first family
 * of a name gives type and help (`helpOverride` wins, so pushes cannot rename the gateway's own metrics), metrics
 * are concatenated and sorted, empty families are dropped and names are sorted.
 */
export function mergeFamilies(
  sources: Iterable<Iterable<MetricFamily>>,
  helpOverride?: ReadonlyMap<string, string>,
): MetricFamily[] {
  const byName = new Map<string, MetricFamily>()
  for (const source of sources) {
    for (const family of source) {
      const merged = byName.get(family.name)
      if (merged === undefined) {
        const help = helpOverride?.get(family.name) ?? family.help
        byName.set(family.name, { ...family, help, metrics: family.metrics.slice() })
      } else {
        for (const m of family.metrics) merged.metrics.push(m)
      }
    }
  }
  const out: MetricFamily[] = []
  for (const name of [...byName.keys()].sort(compareStrings)) {
    const family = byName.get(name) as MetricFamily
    if (family.metrics.length === 0) continue
    family.metrics.sort(compareMetrics)
    out.push(family)
  }
  return out
}

function storedFamilies(store: MetricStore): MetricFamily[][] {
  const out: MetricFamily[][] = []
  for (const group of store.all()) out.push(Array.from(group.families.values(), (stored) => stored.family))
  return out
}

const OPENMETRICS_EOF = '# EOF\n'

function toBuffer(data: string | Uint8Array): Buffer {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

/**
 * A rendered exposition in two parts to be sent back to back: `head` (fresh each time) and `tail` (cached).
 * Gzip members concatenate into a valid gzip stream, so the compressed tail is cached too.
 */
export interface RenderedExposition {
  head: Buffer
  tail: Buffer
  /** `tail` gzip-compressed, computed once per store version and format. */
  gzippedTail(): Buffer
}

interface CachedTail {
  raw: Buffer
  gzipped?: Buffer
}

/**
 * Renders `/metrics`: the gateway's own metrics, then the pushed groups merged. The pushed part is merged and
 * serialized once per store version and format, so scrapes between pushes cost only the own metrics.
 */
export class Exposition {
  private version = -1
  private merged: MetricFamily[] = []
  private readonly rendered = new Map<ExpositionFormat, CachedTail>()

  constructor(private readonly store: MetricStore) {}

  /** The pushed families merged, cached until the store changes. */
  pushedFamilies(): MetricFamily[] {
    if (this.version !== this.store.version) {
      this.merged = mergeFamilies(storedFamilies(this.store))
      this.rendered.clear()
      this.version = this.store.version
    }
    return this.merged
  }

  /** The exposition in `format` as head (own metrics) and tail (pushed metrics). */
  render(format: ExpositionFormat, own: readonly MetricFamily[]): RenderedExposition {
    const pushed = this.pushedFamilies()
    const pushedNames = new Set(pushed.map((f) => f.name))
    if (own.some((f) => pushedNames.has(f.name))) {
      // Someone pushed a family named like one of ours: merge them properly (rare, never cached).
      const help = new Map(own.map((f) => [f.name, f.help]))
      const whole = toBuffer(serialize(mergeFamilies([own, pushed], help), format))
      const empty = Buffer.alloc(0)
      return { head: whole, tail: empty, gzippedTail: () => empty }
    }
    let cached = this.rendered.get(format)
    if (cached === undefined) {
      cached = { raw: toBuffer(serialize(pushed, format)) }
      this.rendered.set(format, cached)
    }
    let head = serialize(mergeFamilies([own]), format)
    if (typeof head === 'string' && format === 'openmetrics')
      head = head.slice(0, head.length - OPENMETRICS_EOF.length)
    const tail = cached
    return {
      head: toBuffer(head),
      tail: tail.raw,
      gzippedTail: () => (tail.gzipped ??= gzipSync(tail.raw)),
    }
  }
}
