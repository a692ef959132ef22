import { Labels } from '@watchfire/model'

/** A series' group: its grouping labels and their flat form joined, the key groups are found by. */
export interface GroupKey {
  readonly labels: Labels
  readonly key: string
}

const NO_GROUPING: GroupKey = { labels: Labels.EMPTY, key: '' }

/**
 * A series' group (labels and key) for `by`/`without` grouping. The key is built straight from the
 * series' labels, and the group's labels only once per distinct group: aggregations look up one
 * group per input series, and building a Labels (and joining it) for each was a large share of
 * rule evaluation.
 */
export function groupKeyFn(grouping: readonly string[], without: boolean): (l: Labels) => GroupKey {
  if (!without && grouping.length === 0) return () => NO_GROUPING
  const names = new Set(without ? [...grouping, '__name__'] : grouping)
  const byKey = new Map<string, GroupKey>()
  return (l) => {
    const flat = l.toFlat()
    let key = ''
    let n = 0
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i] as string
      if (names.has(name) === without) continue
      const value = flat[i + 1] as string
      key = n++ === 0 ? `${name}\xff${value}` : `${key}\xff${name}\xff${value}`
    }
    let g = byKey.get(key)
    if (g === undefined) {
      g = { labels: groupLabels(l, names, without), key }
      byKey.set(key, g)
    }
    return g
  }
}

function groupLabels(l: Labels, names: ReadonlySet<string>, without: boolean): Labels {
  const flat = l.toFlat()
  const out: string[] = []
  for (let i = 0; i < flat.length; i += 2) {
    if (names.has(flat[i] as string) !== without) out.push(flat[i] as string, flat[i + 1] as string)
  }
  return Labels.fromSortedFlat(out)
}

/** Labels that identify a series' group: the `by` labels, or all but the `without` ones and `__name__`. */
export function groupingFn(grouping: readonly string[], without: boolean): (l: Labels) => Labels {
  const group = groupKeyFn(grouping, without)
  return (l) => group(l).labels
}
