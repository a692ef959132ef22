// Fetches the exemplars of a graph's expression and range while the panel shows them.
import { useEffect, useState } from 'preact/hooks'
import { apiGet } from '../lib/api.js'
import { exemplarPoints, type ExemplarPoint, type ExemplarSeriesJson } from './exemplar-points.js'

/** What to fetch exemplars for; undefined (or `enabled` false) fetches nothing. */
export interface ExemplarRequest {
  enabled: boolean
  expr: string
  startSec: number
  endSec: number
}

/** The exemplar points for `req`, refetched when it changes; empty while off, loading or failed. */
export function useExemplars(req: ExemplarRequest | undefined): ExemplarPoint[] {
  const [points, setPoints] = useState<ExemplarPoint[]>([])
  const enabled = req?.enabled === true && req.expr.trim() !== ''
  const { expr = '', startSec = 0, endSec = 0 } = req ?? {}
  useEffect(() => {
    if (!enabled) {
      setPoints([])
      return
    }
    const ctl = new AbortController()
    apiGet<ExemplarSeriesJson[] | null>(
      'query_exemplars',
      { query: expr, start: String(startSec), end: String(endSec) },
      ctl.signal,
    )
      .then((data) => setPoints(exemplarPoints(data)))
      // Exemplars are an overlay: the graph stays useful without them, so a failure just hides them.
      .catch(() => {
        if (!ctl.signal.aborted) setPoints([])
      })
    return () => ctl.abort()
  }, [enabled, expr, startSec, endSec])
  return points
}
