// A hook that loads one API endpoint for a page and reloads it on demand.
import { useCallback, useEffect, useState } from 'preact/hooks'
import { apiGet } from './api.js'

/** The state of a page's API request. */
export interface ApiState<T> {
  data: T | undefined
  error: string | undefined
  loading: boolean
  reload: () => void
}

/** GETs `api/v1/<path>` when the page mounts (and when `path` or the query changes). */
export function useApi<T>(path: string, params: Record<string, string> = {}): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const key = `${path}?${new URLSearchParams(params).toString()}`
  useEffect(() => {
    const ctl = new AbortController()
    setLoading(true)
    apiGet<T>(path, params, ctl.signal)
      .then((d) => {
        setData(d)
        setError(undefined)
      })
      .catch((err: unknown) => {
        if (!ctl.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false)
      })
    return () => ctl.abort()
    // `key` is the request's identity: params is a fresh object on every render.
  }, [key, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data, error, loading, reload }
}
