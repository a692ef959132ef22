/**
 * When the delivery of one flush must stop. Integrations get this rather than an AbortSignal: a signal is an
 * EventTarget with its own map of listeners, a cost on every notification for an event that almost never
 * happens. An integration whose API takes a signal (Node's https) asks for one.
 */
export class Deadline {
  /** True once the deadline has passed. */
  expired = false
  private listeners: (() => void)[] = []
  private controller: AbortController | undefined

  /** Calls `fn` when the deadline passes (not if it already has); returns the function that unregisters it. */
  onExpiry(fn: () => void): () => void {
    this.listeners.push(fn)
    return () => {
      const i = this.listeners.indexOf(fn)
      if (i >= 0) this.listeners.splice(i, 1)
    }
  }

  /** Marks the deadline as passed and calls the listeners; later calls do nothing. */
  expire(): void {
    if (this.expired) return
    this.expired = true
    const listeners = this.listeners
    this.listeners = []
    for (const fn of listeners) fn()
    this.controller?.abort()
  }

  /** An AbortSignal that aborts when the deadline passes. */
  signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController()
      if (this.expired) this.controller.abort()
    }
    return this.controller.signal
  }
}
