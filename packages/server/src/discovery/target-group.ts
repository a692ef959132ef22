/**
 * A set of targets sharing labels, from one source of one discovery mechanism: each target is a label
 * set holding at least `__address__`. An empty `targets` list withdraws the group with this `source`.
 */
export interface TargetGroup {
  source: string
  targets: Record<string, string>[]
  labels: Record<string, string>
}

/** A discovery mechanism: sends full replacements of its groups until the signal aborts. */
export interface Discoverer {
  run(signal: AbortSignal, send: (groups: TargetGroup[]) => void): Promise<void>
}

/** Converts the `{targets, labels}` list of static configs, file SD and HTTP SD into groups. */
export function toTargetGroups(
  list: readonly { targets: readonly string[]; labels: Readonly<Record<string, string>> }[],
  sourcePrefix: string,
  extraLabels: Readonly<Record<string, string>> = {},
): TargetGroup[] {
  return list.map((entry, i) => ({
    source: `${sourcePrefix}${i}`,
    targets: entry.targets.map((address) => ({ __address__: address })),
    labels: { ...entry.labels, ...extraLabels },
  }))
}
