/** Seconds elapsed since `startMs`, a `performance.now()` reading. */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000
}

/** Merges start and end labels of a timer; end labels win, as in prom-client. */
export function mergeLabels(start: object | undefined, end: object | undefined): object {
  if (end === undefined) return start ?? {}
  if (start === undefined) return end
  return { ...start, ...end }
}
