import { METRIC_NAME_LABEL } from './names.js'

/**
 * An immutable, sorted set of label name/value pairs identifying one series.
 *
 * Stored as one flat array `[name0, value0, name1, value1, …]` sorted by name, so equality and
 * comparison are linear scans and the hash is computed at most once. Names are unique. Labels with
 * an empty value are dropped, as in Prometheus, where an empty value means "no such label".
 */
export class Labels {
  /** The empty label set. */
  static readonly EMPTY: Labels = new Labels([])

  private readonly flat: readonly string[]
  private hashCache = -1

  private constructor(sortedFlat: readonly string[]) {
    this.flat = sortedFlat
  }

  /** Builds labels from a record; empty values are dropped. */
  static fromRecord(record: Readonly<Record<string, string>>): Labels {
    const names = Object.keys(record).filter((n) => record[n] !== '' && record[n] !== undefined)
    names.sort(compareStrings)
    const flat: string[] = new Array<string>(names.length * 2)
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string
      flat[2 * i] = name
      flat[2 * i + 1] = record[name] as string
    }
    return new Labels(flat)
  }

  /** Builds labels from `[name, value]` pairs; a later duplicate name wins; empty values are dropped. */
  static fromPairs(pairs: Iterable<readonly [string, string]>): Labels {
    const record: Record<string, string> = Object.create(null) as Record<string, string>
    for (const [name, value] of pairs) record[name] = value
    return Labels.fromRecord(record)
  }

  /** Wraps an array already sorted by unique name with no empty values. The caller guarantees the order. */
  static fromSortedFlat(flat: readonly string[]): Labels {
    return new Labels(flat)
  }

  /** Number of labels. */
  get size(): number {
    return this.flat.length >> 1
  }

  /** The value of `name`, or `''` when absent (Prometheus's convention). */
  get(name: string): string {
    const flat = this.flat
    for (let i = 0; i < flat.length; i += 2) {
      if (flat[i] === name) return flat[i + 1] as string
    }
    return ''
  }

  /** True if the label is present. */
  has(name: string): boolean {
    const flat = this.flat
    for (let i = 0; i < flat.length; i += 2) if (flat[i] === name) return true
    return false
  }

  /** The metric name (`__name__`), or `''`. */
  get metricName(): string {
    return this.get(METRIC_NAME_LABEL)
  }

  /** Calls `fn` for each label in name order. */
  forEach(fn: (name: string, value: string) => void): void {
    const flat = this.flat
    for (let i = 0; i < flat.length; i += 2) fn(flat[i] as string, flat[i + 1] as string)
  }

  /** Label names in sorted order. */
  names(): string[] {
    const out: string[] = []
    for (let i = 0; i < this.flat.length; i += 2) out.push(this.flat[i] as string)
    return out
  }

  /** A plain object copy, keys in name order. */
  toRecord(): Record<string, string> {
    const out: Record<string, string> = {}
    this.forEach((n, v) => (out[n] = v))
    return out
  }

  /** The flat `[name, value, …]` array; do not mutate. */
  toFlat(): readonly string[] {
    return this.flat
  }

  /** A copy with `name` set to `value` (or removed when `value` is `''`). */
  with(name: string, value: string): Labels {
    const record = this.toRecord()
    record[name] = value
    return Labels.fromRecord(record)
  }

  /** A copy without the named labels. */
  without(...names: string[]): Labels {
    const drop = new Set(names)
    const flat: string[] = []
    for (let i = 0; i < this.flat.length; i += 2) {
      if (!drop.has(this.flat[i] as string)) flat.push(this.flat[i] as string, this.flat[i + 1] as string)
    }
    return new Labels(flat)
  }

  /** A copy with only the named labels. */
  keep(...names: string[]): Labels {
    const keep = new Set(names)
    const flat: string[] = []
    for (let i = 0; i < this.flat.length; i += 2) {
      if (keep.has(this.flat[i] as string)) flat.push(this.flat[i] as string, this.flat[i + 1] as string)
    }
    return new Labels(flat)
  }

  /**
   * A 32-bit FNV-1a hash over names and values with separators, cached. Equal labels hash equally;
   * use {@link Labels.equals} to resolve collisions.
   */
  hash(): number {
    if (this.hashCache >= 0) return this.hashCache
    let h = 0x811c9dc5
    const flat = this.flat
    for (let i = 0; i < flat.length; i++) {
      const s = flat[i] as string
      for (let j = 0; j < s.length; j++) {
        h ^= s.charCodeAt(j)
        h = Math.imul(h, 0x01000193)
      }
      h ^= 0xff
      h = Math.imul(h, 0x01000193)
    }
    this.hashCache = h >>> 0
    return this.hashCache
  }

  /** True if both sets hold the same names and values. */
  equals(other: Labels): boolean {
    if (this === other) return true
    const a = this.flat
    const b = other.flat
    if (a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
    return true
  }

  /** Orders label sets as Prometheus does: label by label, name then value. */
  static compare(a: Labels, b: Labels): number {
    const x = a.flat
    const y = b.flat
    const n = Math.min(x.length, y.length)
    for (let i = 0; i < n; i++) {
      const c = compareStrings(x[i] as string, y[i] as string)
      if (c !== 0) return c
    }
    return x.length - y.length
  }

  /** `{a="1", b="2"}` with values escaped, as Prometheus prints label sets. */
  toString(): string {
    const parts: string[] = []
    this.forEach((n, v) => parts.push(`${n}=${JSON.stringify(v)}`))
    return `{${parts.join(', ')}}`
  }
}

/** Byte-order string comparison (UTF-16 code units; equal to UTF-8 byte order outside surrogates). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
