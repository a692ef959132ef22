import type { MetricFamily } from '@watchfire/model'
import { groupKeyOf, type GroupingLabels } from './grouping-key.js'
import { groupFamily } from './sanitize.js'

/** The gauge every group carries: when the last successful change happened, in Unix seconds (0 for never). */
export const PUSH_TIME_NAME = 'push_time_seconds'
/** The gauge every group carries: when the last refused change happened, in Unix seconds (0 for never). */
export const PUSH_FAILURE_TIME_NAME = 'push_failure_time_seconds'
const PUSH_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway succeeded.'
const PUSH_FAILURE_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway failed.'

/** One family of a group with the time it was last written (milliseconds since the epoch). */
export interface StoredFamily {
  family: MetricFamily
  timestampMs: number
}

/**
 * One group: everything pushed under one grouping key. Families are keyed by name; every metric already carries
 * the grouping labels and `instance`. A group is replaced as a whole on each change, never mutated in place, so
 * a planned change can be checked before it is committed.
 */
export interface Group {
  readonly key: string
  readonly labels: GroupingLabels
  readonly families: ReadonlyMap<string, StoredFamily>
}

function timestampGauge(name: string, help: string, labels: GroupingLabels, seconds: number): MetricFamily {
  const family: MetricFamily = {
    name,
    help,
    type: 'gauge',
    unit: '',
    metrics: [{ labels: {}, value: seconds }],
  }
  return groupFamily(family, labels)
}

/** Whether the group's last change succeeded: no failure newer than the last success, as the original's API says. */
export function lastPushSuccessful(group: Group): boolean {
  const failed = group.families.get(PUSH_FAILURE_TIME_NAME)?.family.metrics[0]?.value
  const succeeded = group.families.get(PUSH_TIME_NAME)?.family.metrics[0]?.value
  if (failed === undefined || succeeded === undefined) return true
  return failed <= succeeded
}

/**
 * The groups the gateway holds, in the order they were first pushed. Every change bumps `version`, which the
 * exposition cache keys on; `owners` indexes which groups hold a family of a given name, for the consistency
 * check.
 */
export class MetricStore {
  private readonly groups = new Map<string, Group>()
  private readonly owners = new Map<string, Map<string, Group>>()
  private changes = 0

  /** Incremented on every change. */
  get version(): number {
    return this.changes
  }

  /** Number of groups. */
  get size(): number {
    return this.groups.size
  }

  /** Every group, in first-push order. */
  all(): IterableIterator<Group> {
    return this.groups.values()
  }

  /** The group with this key, if any. */
  get(key: string): Group | undefined {
    return this.groups.get(key)
  }

  /** The groups holding a family named `name`. */
  ownersOf(name: string): ReadonlyMap<string, Group> | undefined {
    return this.owners.get(name)
  }

  /**
   * What the group would hold after a push, without storing it: PUT (`replace`) drops every family but the two
   * timestamp gauges, POST keeps families not pushed; the pushed families are grouped and `push_time_seconds`
   * is set to `nowMs`, as the original's write does.
   */
  planPush(
    labels: GroupingLabels,
    pushed: ReadonlyMap<string, MetricFamily>,
    replace: boolean,
    nowMs: number,
  ): Group {
    const key = groupKeyOf(labels)
    const families = new Map<string, StoredFamily>()
    const existing = this.groups.get(key)
    if (existing !== undefined) {
      for (const [name, stored] of existing.families) {
        if (!replace || name === PUSH_TIME_NAME || name === PUSH_FAILURE_TIME_NAME) families.set(name, stored)
      }
    }
    const hadFailureGauge = families.has(PUSH_FAILURE_TIME_NAME)
    for (const [name, family] of pushed)
      families.set(name, { family: groupFamily(family, labels), timestampMs: nowMs })
    families.set(PUSH_TIME_NAME, {
      family: timestampGauge(PUSH_TIME_NAME, PUSH_TIME_HELP, labels, nowMs / 1000),
      timestampMs: nowMs,
    })
    if (!hadFailureGauge) {
      families.set(PUSH_FAILURE_TIME_NAME, {
        family: timestampGauge(PUSH_FAILURE_TIME_NAME, PUSH_FAILURE_TIME_HELP, labels, 0),
        timestampMs: nowMs,
      })
    }
    return { key, labels, families }
  }

  /** Stores a group planned by {@link planPush} (or restored from disk), replacing the one with its key. */
  commit(group: Group): void {
    const previous = this.groups.get(group.key)
    if (previous !== undefined) {
      for (const name of previous.families.keys()) {
        if (!group.families.has(name)) this.owners.get(name)?.delete(group.key)
      }
    }
    for (const name of group.families.keys()) {
      let owners = this.owners.get(name)
      if (owners === undefined) this.owners.set(name, (owners = new Map()))
      owners.set(group.key, group)
    }
    this.groups.set(group.key, group)
    this.changes++
  }

  /**
   * Plans recording a refused push: `push_failure_time_seconds` becomes `nowMs`, creating the group (with a
   * zero `push_time_seconds`) if needed, and nothing else changes, as in the original. Commit the result.
   */
  planFailure(labels: GroupingLabels, nowMs: number): Group {
    const key = groupKeyOf(labels)
    const families = new Map(this.groups.get(key)?.families)
    families.set(PUSH_FAILURE_TIME_NAME, {
      family: timestampGauge(PUSH_FAILURE_TIME_NAME, PUSH_FAILURE_TIME_HELP, labels, nowMs / 1000),
      timestampMs: nowMs,
    })
    if (!families.has(PUSH_TIME_NAME)) {
      families.set(PUSH_TIME_NAME, {
        family: timestampGauge(PUSH_TIME_NAME, PUSH_TIME_HELP, labels, 0),
        timestampMs: nowMs,
      })
    }
    return { key, labels, families }
  }

  /** Removes the group with these grouping labels; true if it existed. */
  delete(labels: GroupingLabels): boolean {
    const key = groupKeyOf(labels)
    const group = this.groups.get(key)
    if (group === undefined) return false
    for (const name of group.families.keys()) this.owners.get(name)?.delete(key)
    this.groups.delete(key)
    this.changes++
    return true
  }

  /** Removes every group. */
  wipe(): void {
    this.groups.clear()
    this.owners.clear()
    this.changes++
  }
}
