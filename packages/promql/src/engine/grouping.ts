import { Labels } from '@watchfire/model'

/** Labels that identify a series' group: the `by` labels, or all but the `without` ones and `__name__`. */
export function groupingFn(grouping: readonly string[], without: boolean): (l: Labels) => Labels {
  const cache = new WeakMap<Labels, Labels>()
  return (l) => {
    let g = cache.get(l)
    if (g === undefined) {
      g = without
        ? l.without(...grouping, '__name__')
        : grouping.length === 0
          ? Labels.EMPTY
          : l.keep(...grouping)
      cache.set(l, g)
    }
    return g
  }
}
