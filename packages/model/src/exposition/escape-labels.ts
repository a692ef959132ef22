import type { LabelRecord } from '../metric-family.js'
import { escapeLabelValue } from './escape.js'

/** What is cached per label record: its rendered pairs and the last sample prefix built from them. */
interface Rendered {
  pairs: string
  prefixName: string
  prefix: string
}

/**
 * Rendered fragments keyed by the label record itself. Clients keep one frozen record per series for
 * its whole life, so a scrape renders each series' labels once, ever, and a sample line costs one
 * lookup and one concatenation. Only frozen records are cached: one that can still change must be
 * rendered afresh each time.
 */
const cache = new WeakMap<LabelRecord, Rendered>()

function render(labels: LabelRecord): string {
  let out = ''
  for (const name in labels) {
    const value = labels[name] as string
    out += (out === '' ? '' : ',') + name + '="' + escapeLabelValue(value) + '"'
  }
  return out
}

function rendered(labels: LabelRecord): Rendered {
  let r = cache.get(labels)
  if (r !== undefined) return r
  r = { pairs: render(labels), prefixName: '', prefix: '' }
  if (Object.isFrozen(labels)) cache.set(labels, r)
  return r
}

/**
 * The label pairs of `labels` as both text formats print them, `a="1",b="2"`, in the record's own
 * key order, values escaped; `''` for no labels. Frozen records are rendered once and cached.
 */
export function formatLabelPairs(labels: LabelRecord): string {
  return rendered(labels).pairs
}

/** `name{a="1"} ` (or `name ` without labels): everything of a simple sample line before its value. */
export function samplePrefix(name: string, labels: LabelRecord): string {
  const r = rendered(labels)
  if (r.prefixName !== name) {
    r.prefixName = name
    r.prefix = name + braced(r.pairs) + ' '
  }
  return r.prefix
}

/** `{a="1"}` for non-empty pairs, `''` otherwise: both formats omit empty braces. */
export function braced(pairs: string): string {
  return pairs === '' ? '' : '{' + pairs + '}'
}

/** `{pairs,name="value"}` with `extra` already formatted as `name="value"`. */
export function bracedWith(pairs: string, extra: string): string {
  return pairs === '' ? '{' + extra + '}' : '{' + pairs + ',' + extra + '}'
}
