// Talking to the HTTP API v1. The UI lives next to the API, so every request is relative to the UI's base path.

/** An API call that failed: the API's own errorType and message, or the HTTP status when there was no JSON. */
export class ApiError extends Error {
  /** Stable code for the UI's own branching. */
  readonly code = 'API_ERROR'
  constructor(
    message: string,
    readonly errorType: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/**
 * The path the UI is served under, with a trailing slash (`/` or `/prometheus/`): the directory of the
 * current page, since every UI route is one segment below it.
 */
export function basePath(pathname: string): string {
  const i = pathname.lastIndexOf('/')
  return i < 0 ? '/' : pathname.slice(0, i + 1)
}

let base = typeof location === 'undefined' ? '/' : basePath(location.pathname)

/** The UI's base path, as computed when the app loaded. */
export function uiBase(): string {
  return base
}

/** Overrides the base path (tests, or a page loaded at an unexpected depth). */
export function setUiBase(b: string): void {
  base = b.endsWith('/') ? b : `${b}/`
}

interface Envelope<T> {
  status: 'success' | 'error'
  data?: T
  errorType?: string
  error?: string
  warnings?: string[]
}

/** GETs `api/v1/<path>` and returns its `data`, or throws ApiError with the server's message. */
export async function apiGet<T>(
  path: string,
  params: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<T> {
  const qs = new URLSearchParams(params).toString()
  const res = await fetch(`${base}api/v1/${path}${qs === '' ? '' : `?${qs}`}`, { signal })
  let body: Envelope<T> | undefined
  try {
    body = (await res.json()) as Envelope<T>
  } catch {
    throw new ApiError(
      `cannot read ${path} (HTTP ${res.status} without a JSON body)`,
      'bad_response',
      res.status,
    )
  }
  if (body.status !== 'success' || body.data === undefined) {
    throw new ApiError(
      body.error ?? `cannot read ${path} (HTTP ${res.status})`,
      body.errorType ?? 'unknown',
      res.status,
    )
  }
  return body.data
}

/** POSTs a PromQL query form (long expressions do not fit a URL) and returns `data` and the warnings. */
export async function apiQuery<T>(
  path: 'query' | 'query_range',
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ data: T; warnings: string[] }> {
  const res = await fetch(`${base}api/v1/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
    signal,
  })
  let body: Envelope<T> | undefined
  try {
    body = (await res.json()) as Envelope<T>
  } catch {
    throw new ApiError(
      `cannot run the query (HTTP ${res.status} without a JSON body)`,
      'bad_response',
      res.status,
    )
  }
  if (body.status !== 'success' || body.data === undefined) {
    throw new ApiError(
      body.error ?? `cannot run the query (HTTP ${res.status})`,
      body.errorType ?? 'unknown',
      res.status,
    )
  }
  return { data: body.data, warnings: body.warnings ?? [] }
}
