import type { Labels } from '@watchfire/model'

/** A map keyed by label set (hash buckets, resolved by equality), for per-step output series. */
export class LabelsMap<V> {
  private readonly buckets = new Map<number, { key: Labels; value: V }[]>()
  private count = 0

  /** The value stored for `key`, if any. */
  get(key: Labels): V | undefined {
    const bucket = this.buckets.get(key.hash())
    if (bucket === undefined) return undefined
    for (const e of bucket) if (e.key.equals(key)) return e.value
    return undefined
  }

  /** Stores `value` under `key`, replacing an equal key's value. */
  set(key: Labels, value: V): void {
    const h = key.hash()
    const bucket = this.buckets.get(h)
    if (bucket === undefined) {
      this.buckets.set(h, [{ key, value }])
      this.count++
      return
    }
    for (const e of bucket) {
      if (e.key.equals(key)) {
        e.value = value
        return
      }
    }
    bucket.push({ key, value })
    this.count++
  }

  /** Number of keys. */
  get size(): number {
    return this.count
  }

  /** Every value, in insertion order per hash bucket. */
  *values(): IterableIterator<V> {
    for (const bucket of this.buckets.values()) for (const e of bucket) yield e.value
  }
}
