import { GO_ZERO_TIME, GoTime } from '../go-time.js'

/** A label or annotation name and value (Alertmanager's template.Pair). */
export class Pair {
  static readonly goType = 'template.Pair'
  constructor(
    readonly Name: string,
    readonly Value: string,
  ) {}
}

/** Pairs in a fixed order (Alertmanager's template.Pairs), with `.Names` and `.Values`. */
export class Pairs extends Array<Pair> {
  static readonly goType = 'template.Pairs'

  /** Arrays built by `map`/`filter` stay plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array
  }

  /** Builds a list from pairs (avoids Array's numeric-length constructor). */
  static fromList(pairs: readonly Pair[]): Pairs {
    const p = new Pairs()
    p.push(...pairs)
    return p
  }

  /** The names, in order. */
  Names(): string[] {
    return this.map((p) => p.Name)
  }

  /** The values, in order. */
  Values(): string[] {
    return this.map((p) => p.Value)
  }
}

/** A label set (Alertmanager's template.KV): a map of strings with sorted views. */
export class KV extends Map<string, string> {
  static readonly goType = 'template.KV'

  /** Builds from a record. */
  static from(record: Readonly<Record<string, string>>): KV {
    return new KV(Object.entries(record))
  }

  /** Pairs sorted by name, except that `alertname` comes first. */
  SortedPairs(): Pairs {
    const keys = [...this.keys()].filter((k) => k !== 'alertname').sort()
    if (this.has('alertname')) keys.unshift('alertname')
    return Pairs.fromList(keys.map((k) => new Pair(k, this.get(k) ?? '')))
  }

  /** A copy without the given names. */
  Remove(names: unknown): KV {
    const drop = new Set(Array.isArray(names) ? names : [])
    return new KV([...this].filter(([k]) => !drop.has(k)))
  }

  /** Sorted names (alertname first). */
  Names(): string[] {
    return this.SortedPairs().Names()
  }

  /** Values in the order of Names. */
  Values(): string[] {
    return this.SortedPairs().Values()
  }

  /** JSON form: a plain object. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this)
  }
}

/** One alert in a notification (Alertmanager's template.Alert); fields in Go's order, for %v. */
export class Alert {
  static readonly goType = 'template.Alert'
  constructor(
    readonly Status: string,
    readonly Labels: KV,
    readonly Annotations: KV,
    readonly StartsAt: GoTime,
    readonly EndsAt: GoTime,
    readonly GeneratorURL: string,
    readonly Fingerprint: string,
  ) {}
}

/** The alerts of a notification, with `.Firing` and `.Resolved` views. */
export class Alerts extends Array<Alert> {
  static readonly goType = 'template.Alerts'

  /** Arrays built by `map`/`filter` stay plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array
  }

  /** Builds a list from alerts. */
  static fromList(alerts: readonly Alert[]): Alerts {
    const a = new Alerts()
    a.push(...alerts)
    return a
  }

  /** The alerts whose status is firing. */
  Firing(): Alert[] {
    return this.filter((a) => a.Status === 'firing')
  }

  /** The alerts whose status is resolved. */
  Resolved(): Alert[] {
    return this.filter((a) => a.Status === 'resolved')
  }
}

/** What notification templates see (Alertmanager's template.Data); fields in Go's order. */
export class NotificationData {
  static readonly goType = 'template.Data'
  constructor(
    readonly Receiver: string,
    readonly Status: string,
    readonly Alerts: Alerts,
    readonly GroupLabels: KV,
    readonly CommonLabels: KV,
    readonly CommonAnnotations: KV,
    readonly ExternalURL: string,
  ) {}
}

/** An alert as the dispatcher holds it, before it is shaped for templates. */
export interface AlertInput {
  labels: Readonly<Record<string, string>>
  annotations?: Readonly<Record<string, string>>
  /** Milliseconds since 1970. */
  startsAtMs: number
  /** Milliseconds since 1970; absent when unknown (Go's zero time). */
  endsAtMs?: number
  generatorURL?: string
  fingerprint?: string
  /** Whether the alert has resolved as of the notification. */
  resolved: boolean
}

function common(records: ReadonlyArray<Readonly<Record<string, string>>>): KV {
  const [first, ...rest] = records
  if (first === undefined) return new KV()
  return new KV(Object.entries(first).filter(([k, v]) => rest.every((r) => r[k] === v)))
}

/** Escapes regex metacharacters as Go's regexp.QuoteMeta (Alertmanager quotes the receiver). */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

/**
 * Builds the template data for one notification, as Alertmanager's Template.Data does: status
 * is firing if any alert fires, common labels/annotations are those all alerts share.
 */
export function notificationData(
  receiver: string,
  groupLabels: Readonly<Record<string, string>>,
  alerts: readonly AlertInput[],
  externalURL: string,
): NotificationData {
  const list = Alerts.fromList(
    alerts.map(
      (a) =>
        new Alert(
          a.resolved ? 'resolved' : 'firing',
          KV.from(a.labels),
          KV.from(a.annotations ?? {}),
          new GoTime(a.startsAtMs),
          a.endsAtMs === undefined ? GO_ZERO_TIME : new GoTime(a.endsAtMs),
          a.generatorURL ?? '',
          a.fingerprint ?? '',
        ),
    ),
  )
  return new NotificationData(
    quoteMeta(receiver),
    alerts.some((a) => !a.resolved) ? 'firing' : 'resolved',
    list,
    KV.from(groupLabels),
    common(alerts.map((a) => a.labels)),
    common(alerts.map((a) => a.annotations ?? {})),
    externalURL,
  )
}
