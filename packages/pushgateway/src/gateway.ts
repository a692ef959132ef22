import type { MetricFamily } from '@watchfire/model'
import { findCollision, findInconsistency } from './consistency.js'
import type { GroupingLabels } from './grouping-key.js'
import { parseGroupingPath } from './grouping-key.js'
import { parsePushBody } from './push-body.js'
import { hasTimestamps } from './sanitize.js'
import { MetricStore } from './store.js'

/** A handler's answer: status and plain-text body. */
export interface Answer {
  status: number
  body: string
}

/** One push as the HTTP layer hands it over: the path after `/metrics`, and the (decompressed) body. */
export interface PushRequest {
  /** PUT replaces the group, POST replaces only the pushed families. */
  method: 'PUT' | 'POST'
  /** `/job/<job>{/<label>/<value>}`, percent-decoded. */
  groupPath: string
  contentType: string | undefined
  body: Buffer
}

/** What the gateway core needs to know. */
export interface GatewayOptions {
  /** Check every push against the merged state (the default); false mirrors --push.disable-consistency-check. */
  consistencyCheck: boolean
  /** The gateway's own families by name, whose types pushes must not contradict. */
  ownFamilies: ReadonlyMap<string, MetricFamily>
  /** The clock, in milliseconds since the epoch. */
  now?: () => number
}

const REFUSED = 'pushed metrics are invalid or inconsistent with existing metrics: '

/**
 * The Pushgateway's semantics without HTTP: pushes, deletes and wipes on a {@link MetricStore}. Everything runs
 * synchronously, so writes are serialized as the original's single write loop serializes them.
 *
 * With the consistency check a refused push answers 400 and changes nothing but the group's
 * `push_failure_time_seconds` (as the original); without it pushes answer 202 unchecked, except that samples
 * with timestamps are still dropped (recorded as a failure), as the original does.
 */
export class Gateway {
  /** The stored groups. */
  readonly store = new MetricStore()
  private readonly now: () => number

  constructor(private readonly options: GatewayOptions) {
    this.now = options.now ?? Date.now
  }

  /**
   * Handles a push.
   * @throws RequestError (400) for a bad grouping key or an unparsable body, before anything is recorded.
   */
  push(request: PushRequest): Answer {
    const labels = parseGroupingPath(request.groupPath)
    const families = parsePushBody(request.body, request.contentType)
    const nowMs = this.now()
    const check = this.options.consistencyCheck
    if (hasTimestamps(families.values())) {
      this.recordFailure(labels, nowMs)
      return check
        ? { status: 400, body: REFUSED + 'pushed metrics must not have timestamps' }
        : { status: 202, body: '' }
    }
    const planned = this.store.planPush(labels, families, request.method === 'PUT', nowMs)
    if (!check) {
      this.store.commit(planned)
      return { status: 202, body: '' }
    }
    const problem = findInconsistency(this.store, planned, this.options.ownFamilies)
    if (problem !== undefined) {
      this.recordFailure(labels, nowMs)
      return { status: 400, body: REFUSED + problem }
    }
    this.store.commit(planned)
    return { status: 200, body: '' }
  }

  /**
   * Sets the group's `push_failure_time_seconds`, creating the group if needed, as the original does, except
   * when a new group's timestamp gauges would duplicate another group's series (a key that differs only by
   * `instance=""`): the original then stores them anyway and every later scrape fails with a 500.
   */
  private recordFailure(labels: GroupingLabels, nowMs: number): void {
    const planned = this.store.planFailure(labels, nowMs)
    if (this.options.consistencyCheck && findCollision(this.store, planned) !== undefined) return
    this.store.commit(planned)
  }

  /**
   * Deletes the group named by `groupPath` (`/job/<job>{/<label>/<value>}`); 202 whether or not it existed.
   * @throws RequestError (400) for a bad grouping key.
   */
  delete(groupPath: string): Answer {
    this.store.delete(parseGroupingPath(groupPath))
    return { status: 202, body: '' }
  }

  /** Deletes every group (the admin API's wipe). */
  wipe(): Answer {
    this.store.wipe()
    return { status: 202, body: '' }
  }
}
