import type { IncomingMessage } from 'node:http'
import { ApiError } from './api-error.js'
import { bodyBudgetOf } from './body-budget.js'

/** Go's http.Request.ParseForm reads at most 10 MB of a form body. */
const MAX_FORM_BYTES = 10 << 20

/** A request body over its limit: bad_data for API forms; endpoints that take bodies answer it 413. */
export class BodyTooLargeError extends ApiError {
  readonly limitBytes: number

  constructor(limitBytes: number) {
    super('bad_data', `cannot read request body (larger than ${limitBytes} bytes)`)
    this.limitBytes = limitBytes
  }
}

/**
 * Reads a request body up to `maxBytes` (refusing a larger Content-Length before reading); more is
 * a {@link BodyTooLargeError}. The bytes count against the request's server-wide
 * {@link BodyBudget} while they are read; past it, a {@link BodyBudgetError}.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw new BodyTooLargeError(maxBytes)
  const budget = bodyBudgetOf(req)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBytes) throw new BodyTooLargeError(maxBytes)
      if (budget !== undefined && !budget.take(chunk.length)) throw budget.refuse()
      size += chunk.length
      chunks.push(chunk)
    }
  } finally {
    budget?.give(size)
  }
  return Buffer.concat(chunks)
}

/** Request parameters from the URL query and, for form POSTs, the body (body values first, as Go's r.Form). */
export class ApiForm {
  private readonly params: URLSearchParams

  private constructor(params: URLSearchParams) {
    this.params = params
  }

  /** The first value of `name`, or undefined. */
  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined
  }

  /** Every value of `name` (e.g. `match[]`). */
  getAll(name: string): string[] {
    return this.params.getAll(name)
  }

  /** Parses the URL query and an `application/x-www-form-urlencoded` body. */
  static async read(req: IncomingMessage, url: URL): Promise<ApiForm> {
    const merged = new URLSearchParams()
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if ((req.method === 'POST' || req.method === 'PUT') && type === 'application/x-www-form-urlencoded') {
      const body = await readBody(req, MAX_FORM_BYTES)
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) merged.append(k, v)
    }
    for (const [k, v] of url.searchParams) merged.append(k, v)
    return new ApiForm(merged)
  }

  /** A form from literal parameters (tests, the CLI). */
  static of(params: Record<string, string | string[]>): ApiForm {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries(params))
      for (const one of Array.isArray(v) ? v : [v]) p.append(k, one)
    return new ApiForm(p)
  }
}
