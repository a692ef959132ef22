import type { LabelRecord } from '@watchfire/model'
import { LabelError } from './errors.js'

/** The state one label set of a metric holds; implemented by each metric type's child. */
export interface Series {
  /** Frozen, created once per series and reused by every scrape (exposition writers cache by identity). */
  readonly labels: LabelRecord
  /** Set when the series was dropped by remove()/reset(); a held child handle then re-registers itself. */
  removed: boolean
  /** Zeroes the state and restamps the created timestamp. */
  clear(): void
}

type Key = string | undefined
type Node = Map<Key, unknown>

/**
 * The series of one metric, keyed by label values in declared order.
 *
 * Keys are nested maps, one level per declared label, so no two label sets can share a key (unlike a
 * joined string such as prom-client's `a:1,b:2,`). A label left out of a call is the `undefined` key.
 * Iteration follows creation order, which is the exposition order.
 */
export class SeriesTable<S extends Series> {
  /** The single series of a metric declared without labels. */
  readonly unlabelled: S | undefined
  private root: Node = new Map()
  private readonly live = new Set<S>()
  private readonly keys: Key[]

  constructor(
    private readonly metricName: string,
    readonly names: readonly string[],
    private readonly create: (labels: LabelRecord) => S,
  ) {
    this.keys = new Array<Key>(names.length)
    if (names.length === 0) {
      this.unlabelled = create(Object.freeze({}))
      this.live.add(this.unlabelled)
    }
  }

  /** Number of live series. */
  get size(): number {
    return this.live.size
  }

  /** Live series in creation order. */
  all(): IterableIterator<S> {
    return this.live.values()
  }

  /** The series for a `{ name: value }` record, created on first use; throws on undeclared names. */
  byRecord(record: object): S {
    if (this.unlabelled !== undefined) {
      for (const name in record) this.throwUndeclared(name)
      return this.unlabelled
    }
    const rec = record as Record<string, unknown>
    const names = this.names
    const last = names.length - 1
    let node = this.root
    let present = 0
    let found: unknown
    for (let i = 0; ; i++) {
      let v = rec[names[i] as string]
      if (v !== undefined) {
        present++
        if (typeof v !== 'string') v = this.normalise(i, v)
      }
      found = node.get(v as Key)
      if (found === undefined || i === last) break
      node = found as Node
    }
    let count = 0
    for (const _ in rec) count++
    if (count !== present) this.checkNames(rec)
    return found === undefined ? this.insertRecord(rec) : (found as S)
  }

  /** The series for label values given in declared order, created on first use. */
  byValues(values: readonly unknown[]): S {
    this.checkCount(values)
    const names = this.names
    if (this.unlabelled !== undefined) return this.unlabelled
    const keys = this.keys
    let node: Node | undefined = this.root
    let found: unknown
    for (let i = 0; i < names.length; i++) {
      const v = values[i]
      const k = (keys[i] = typeof v === 'string' || v === undefined ? v : this.normalise(i, v))
      if (node === undefined) continue
      found = node.get(k)
      node = found as Node | undefined
    }
    return found === undefined ? this.insertKeys(keys, this.create(this.recordOf(keys))) : (found as S)
  }

  /** Drops the series for a record or positional values, if present. */
  remove(args: readonly unknown[]): void {
    const keys = this.keysOf(args)
    if (keys === undefined) return
    const path: Node[] = []
    let node = this.root
    for (let i = 0; i < keys.length - 1; i++) {
      const next = node.get(keys[i])
      if (next === undefined) return
      path.push(node)
      node = next as Node
    }
    const leafKey = keys[keys.length - 1]
    const s = node.get(leafKey) as S | undefined
    if (s === undefined) return
    node.delete(leafKey)
    // Prune emptied levels so churn in label values does not leak maps.
    for (let i = path.length - 1; i >= 0 && node.size === 0; i--) {
      const parent = path[i] as Node
      parent.delete(keys[i])
      node = parent
    }
    s.removed = true
    this.live.delete(s)
  }

  /** Drops every labelled series; a metric without labels keeps its one series, zeroed. */
  reset(): void {
    if (this.unlabelled !== undefined) {
      this.unlabelled.clear()
      return
    }
    for (const s of this.live) s.removed = true
    this.live.clear()
    this.root = new Map()
  }

  /** Re-registers a removed series when its handle is used again; returns the series to update. */
  revive(s: S): S {
    const keys = this.names.map((n) => s.labels[n])
    let node: Node | undefined = this.root
    for (let i = 0; i < keys.length && node !== undefined; i++) {
      const found = node.get(keys[i])
      if (i === keys.length - 1 && found !== undefined) return found as S
      node = found as Node | undefined
    }
    s.clear()
    s.removed = false
    return this.insertKeys(keys, s)
  }

  /** The label record a remove() call with `args` names, or undefined for a metric without labels. */
  labelsOf(args: readonly unknown[]): LabelRecord | undefined {
    const keys = this.keysOf(args)
    return keys === undefined ? undefined : this.recordOf(keys)
  }

  private keysOf(args: readonly unknown[]): Key[] | undefined {
    if (this.unlabelled !== undefined) return undefined
    const first = args[0]
    if (args.length === 1 && typeof first === 'object' && first !== null) {
      const rec = first as Record<string, unknown>
      this.checkNames(rec)
      return this.names.map((n, i) => {
        const v = rec[n]
        return typeof v === 'string' || v === undefined ? v : this.normalise(i, v)
      })
    }
    this.checkCount(args)
    return args.map((v, i) => (typeof v === 'string' || v === undefined ? v : this.normalise(i, v)))
  }

  private checkCount(values: readonly unknown[]): void {
    if (values.length !== this.names.length) {
      throw new LabelError(
        `cannot select a series of metric ${this.metricName} (got ${values.length} label values for ${this.names.length} label names: ${this.names.join(', ') || 'none'})`,
      )
    }
  }

  private insertRecord(rec: Record<string, unknown>): S {
    const keys = this.names.map((n, i) => {
      const v = rec[n]
      return typeof v === 'string' || v === undefined ? v : this.normalise(i, v)
    })
    return this.insertKeys(keys, this.create(this.recordOf(keys)))
  }

  private recordOf(keys: readonly Key[]): LabelRecord {
    const out: Record<string, string> = {}
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i]
      if (v !== undefined) out[this.names[i] as string] = v
    }
    return Object.freeze(out)
  }

  private insertKeys(keys: readonly Key[], s: S): S {
    let node = this.root
    const last = keys.length - 1
    for (let i = 0; i < last; i++) {
      let next = node.get(keys[i]) as Node | undefined
      if (next === undefined) {
        next = new Map()
        node.set(keys[i], next)
      }
      node = next
    }
    node.set(keys[last], s)
    this.live.add(s)
    return s
  }

  private normalise(index: number, v: unknown): string {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
    throw new LabelError(
      `cannot use label ${this.names[index]}=${describe(v)} on metric ${this.metricName} (label values must be strings or numbers)`,
    )
  }

  /** Throws if the record names a label the metric does not declare. */
  checkNames(rec: object): void {
    for (const name in rec) {
      if (!this.names.includes(name)) this.throwUndeclared(name)
    }
  }

  private throwUndeclared(name: string): never {
    throw new LabelError(
      `cannot use label "${name}" on metric ${this.metricName} (declared label names: ${this.names.join(', ') || 'none'})`,
    )
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object'
  return typeof v
}
