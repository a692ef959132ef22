import type { IncomingMessage } from 'node:http'
import { ApiError } from './api-error.js'

/**
 * A server-wide bound on request-body bytes held in memory while bodies are read: each request may
 * be within its own limit, yet hundreds of them at once are not. Readers take bytes as chunks
 * arrive and give them back when they are done; a reader that would go over is refused.
 * Single-threaded: take and give are plain counters.
 */
export class BodyBudget {
  private used = 0

  constructor(
    /** The bound; 0 or less means none. */
    readonly limitBytes: number,
    /** Called once per refused request. */
    private readonly onRefuse: () => void = () => {},
  ) {}

  /** Bytes taken and not yet given back. */
  get inFlightBytes(): number {
    return this.used
  }

  /** Takes `n` bytes; false (and nothing taken) when that would pass the bound. */
  take(n: number): boolean {
    if (this.limitBytes > 0 && this.used + n > this.limitBytes) return false
    this.used += n
    return true
  }

  /** Gives back `n` bytes taken earlier. */
  give(n: number): void {
    this.used -= n
  }

  /** The error a refused reader throws (counted here, so every reader is counted the same way). */
  refuse(): BodyBudgetError {
    this.onRefuse()
    return new BodyBudgetError(this.limitBytes)
  }
}

/**
 * A body refused because the server holds too many body bytes already: a transient condition,
 * answered 503 so that senders (remote write among them) retry later.
 */
export class BodyBudgetError extends ApiError {
  constructor(limitBytes: number) {
    super(
      'unavailable',
      `cannot read request body (the server is already reading ${limitBytes} bytes of request bodies; retry later)`,
    )
  }

  override get status(): number {
    return 503
  }
}

const budgets = new WeakMap<IncomingMessage, BodyBudget>()

/** Makes `readBody` count this request's body against `budget` (the server does it for every request). */
export function attachBodyBudget(req: IncomingMessage, budget: BodyBudget): void {
  budgets.set(req, budget)
}

/** The budget a request's body is counted against, if any. */
export function bodyBudgetOf(req: IncomingMessage): BodyBudget | undefined {
  return budgets.get(req)
}
