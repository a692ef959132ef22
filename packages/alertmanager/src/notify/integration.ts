import type { Alert } from '../alert.js'
import type { LabelSet } from '../labels/matcher.js'
import type { Deadline } from './deadline.js'

/** What a notifier knows about the group it notifies. */
export interface NotifyContext {
  receiver: string
  groupKey: string
  groupLabels: LabelSet
  nowMs: number
  /** When delivery (with its retries) must give up. */
  deadline: Deadline
}

/** The outcome of one delivery attempt that failed; `retry` says whether trying again can help. */
export class NotifyError extends Error {
  readonly retry: boolean

  constructor(message: string, retry: boolean, options?: { cause?: unknown }) {
    super(message, options)
    this.retry = retry
  }
}

/** One configured integration of a receiver (`webhook` #0, `email` #1, …). */
export interface Integration {
  /** `webhook`, `email`: the `integration` label of the notification metrics. */
  readonly name: string
  readonly index: number
  readonly sendResolved: boolean
  /** Delivers the alerts; throws NotifyError on failure. */
  notify(alerts: readonly Alert[], ctx: NotifyContext): Promise<void>
}
