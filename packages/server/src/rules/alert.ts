import type { Labels } from '@watchfire/model'

/** Where an alert is in its life: pending until `for` has passed, then firing; inactive once resolved. */
export type AlertState = 'inactive' | 'pending' | 'firing'

/**
 * One alert of an alerting rule, identified by its labels. Times are ms since the epoch;
 * `undefined` means "never" (0 is a real time in unit tests, which start at the epoch). The rule
 * owns and mutates its alerts; the notifier receives copies.
 */
export interface Alert {
  state: AlertState
  labels: Labels
  annotations: Labels
  /** The value of the sample that produced the alert at the latest evaluation. */
  value: number
  activeAtMs: number
  firedAtMs: number | undefined
  resolvedAtMs: number | undefined
  lastSentAtMs: number | undefined
  validUntilMs: number | undefined
  /** When the condition stopped holding while keep_firing_for keeps the alert firing. */
  keepFiringSinceMs: number | undefined
}

/** Receives the alerts to send after each evaluation of an alerting rule (the notifier's seam). */
export type NotifyFunc = (expr: string, alerts: readonly Alert[]) => void
