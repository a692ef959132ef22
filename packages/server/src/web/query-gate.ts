import { Gauge, type Registry } from '@watchfire/client'
import { ApiError } from './api-error.js'

/**
 * Lets at most `max` queries evaluate at once; the rest wait in arrival order, as Prometheus's
 * query gate (--query.max-concurrency) does. A waiter whose signal aborts leaves the queue.
 */
export class QueryGate {
  private readonly max: number
  private running = 0
  /** Told when a query gives up waiting (for the rejection counter). */
  onQueueTimeout?: () => void
  private readonly waiting: Array<() => void> = []

  constructor(max: number, registry?: Registry) {
    if (!(max >= 1)) throw new RangeError(`cannot create query gate (max concurrency ${max} < 1)`)
    this.max = max
    if (registry === undefined) return
    new Gauge({
      name: 'prometheus_engine_queries_concurrent_max',
      help: 'The max number of concurrent queries.',
      registers: [registry],
    }).set(max)
    const inFlight = (): number => this.running + this.waiting.length
    new Gauge({
      name: 'prometheus_engine_queries',
      help: 'The current number of queries being executed or waiting.',
      registers: [registry],
      collect() {
        this.set(inFlight())
      },
    })
  }

  /** Queries evaluating now. */
  get active(): number {
    return this.running
  }

  /** Queries waiting for a slot. */
  get queued(): number {
    return this.waiting.length
  }

  /** Runs `task` once a slot is free; rejects with the signal's reason if it aborts while waiting. */
  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.acquire(signal)
    try {
      return await task()
    } finally {
      this.release()
    }
  }

  /**
   * {@link run} for an API query: waiting counts against the query timeout, as in Prometheus, and
   * running out of it in the queue is a `timeout` error ("query timed out in query queue").
   */
  async admit<T>(signal: AbortSignal, timeoutMs: number, task: () => Promise<T>): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs)
    try {
      await this.acquire(AbortSignal.any([signal, timeout]))
    } catch (err) {
      if (timeout.aborted && !signal.aborted) {
        this.onQueueTimeout?.()
        throw new ApiError('timeout', 'query timed out in query queue', { cause: err })
      }
      throw new ApiError('canceled', 'query canceled in query queue', { cause: err })
    }
    try {
      return await task()
    } finally {
      this.release()
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as Error)
    if (this.running < this.max) {
      this.running++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort)
        this.running++
        resolve()
      }
      const onAbort = (): void => {
        const i = this.waiting.indexOf(grant)
        if (i >= 0) this.waiting.splice(i, 1)
        reject(signal.reason as Error)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(grant)
    })
  }

  private release(): void {
    this.running--
    this.waiting.shift()?.()
  }
}
