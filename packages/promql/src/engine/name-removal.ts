import { Labels } from '@watchfire/model'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSeries } from './eval-types.js'
import { LabelsMap } from './labels-map.js'

const SAME_LABELSET = 'vector cannot contain metrics with the same labelset'

/** The labels a series keeps once its name is dropped: `__name__`, `__type__` and `__unit__` go. */
export function withoutMetadata(l: Labels): Labels {
  if (!l.has('__name__') && !l.has('__type__') && !l.has('__unit__')) return l
  return l.without('__name__', '__type__', '__unit__')
}

/**
 * Merges series that ended up with equal labels (after relabelling or name removal); they must not
 * have points at the same timestamp (Prometheus's mergeSeriesWithSameLabelset).
 */
export function mergeSameLabelset(mat: EvalMatrix): EvalMatrix {
  if (mat.length <= 1) return mat
  const byLabels = new LabelsMap<EvalSeries[]>()
  const order: EvalSeries[][] = []
  for (const s of mat) {
    const list = byLabels.get(s.metric)
    if (list === undefined) {
      const l = [s]
      byLabels.set(s.metric, l)
      order.push(l)
    } else list.push(s)
  }
  if (order.length === mat.length) return mat
  return order.map((list) => {
    if (list.length === 1) return list[0] as EvalSeries
    const base = list[0] as EvalSeries
    const floats = list.flatMap((s) => s.floats).sort((a, b) => a.t - b.t)
    const histograms = list.flatMap((s) => s.histograms).sort((a, b) => a.t - b.t)
    for (let i = 1; i < floats.length; i++)
      if (floats[i]?.t === floats[i - 1]?.t) throw evalError(SAME_LABELSET)
    for (let i = 1; i < histograms.length; i++)
      if (histograms[i]?.t === histograms[i - 1]?.t) throw evalError(SAME_LABELSET)
    return { metric: base.metric, floats, histograms, dropName: base.dropName }
  })
}

/** Removes the name of series marked for it, then merges the series that collide. */
export function cleanupMetricLabels(mat: EvalMatrix): EvalMatrix {
  for (const s of mat) if (s.dropName) s.metric = withoutMetadata(s.metric)
  return mergeSameLabelset(mat)
}
