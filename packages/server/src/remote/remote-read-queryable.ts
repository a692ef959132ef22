import { Labels, Matcher } from '@watchfire/model'
import {
  ArraySeriesSet,
  labelNamesOf,
  labelValuesOf,
  type PlannedSelect,
  type Querier,
  type Queryable,
  type SelectHints,
  type Series,
  type SeriesSet,
} from '@watchfire/storage'
import type { WriteSeries } from '../web/remote-write-decode.js'
import type { ReadClient } from './remote-read-client.js'
import { ReadSeries } from './read-series.js'

/** Options of {@link RemoteReadQueryable}, from one `remote_read` entry. */
export interface RemoteReadQueryableOptions {
  client: ReadClient
  /** Shown in warnings, e.g. the entry's name or URL. */
  name: string
  /** External labels sent as matchers and stripped from results; empty with filter_external_labels off. */
  externalLabels: Labels
  /** required_matchers: equality matchers a select must carry for this remote to be asked. */
  requiredMatchers: Labels
  /** read_recent: also ask for ranges the local storage holds. */
  readRecent: boolean
  /**
   * The oldest timestamp the local storage answers for completely (Prometheus's StartTime: the
   * first block's start plus a safety margin). Without read_recent, queries newer than it are not
   * sent and ranges reaching past it are cut there.
   */
  localStartTime(): number
}

function selectKey(matchers: readonly Matcher[]): string {
  return matchers
    .map((m) => m.toString())
    .sort()
    .join(',')
}

/** True when every required matcher appears among the select's equality matchers. */
function meetsRequirements(required: Labels, matchers: readonly Matcher[]): boolean {
  let ok = true
  required.forEach((name, value) => {
    if (!matchers.some((m) => m.type === '=' && m.name === name && m.value === value)) ok = false
  })
  return ok
}

/**
 * The external labels to add as matchers: those the select has no matcher for (a matcher on one
 * means the user wants a different value, as Prometheus assumes).
 */
function externalMatchers(external: Labels, matchers: readonly Matcher[]): Matcher[] {
  const added: Matcher[] = []
  external.forEach((name, value) => {
    if (!matchers.some((m) => m.name === name)) added.push(new Matcher('=', name, value))
  })
  return added
}

/** The result of one prefetched select: its series, sorted, or why it failed. */
interface Fetched {
  series: Series[]
  warnings: string[]
}

/**
 * A Queryable over one remote-read endpoint (Prometheus's sampleAndChunkQueryableClient). Reads are
 * made when the querier opens, for the selects announced there, one request each and in parallel;
 * failures become warnings, as a secondary store's do in Prometheus's fanout, so a remote that is
 * down degrades results instead of failing the query.
 */
export class RemoteReadQueryable implements Queryable {
  private readonly o: RemoteReadQueryableOptions

  constructor(options: RemoteReadQueryableOptions) {
    this.o = options
  }

  async querier(mint: number, maxt: number, planned?: readonly PlannedSelect[]): Promise<Querier> {
    if (!this.o.readRecent) {
      const localStart = this.o.localStartTime()
      // The local storage answers the whole range: nothing to ask.
      if (mint > localStart) return new RemoteReadQuerier(new Map())
      if (maxt > localStart) maxt = localStart
    }
    const results = new Map<string, Fetched>()
    await Promise.all(
      (planned ?? []).map(async (p) => {
        const key = selectKey(p.matchers)
        if (results.has(key)) return
        const slot: Fetched = { series: [], warnings: [] }
        results.set(key, slot)
        if (!meetsRequirements(this.o.requiredMatchers, p.matchers)) return
        await this.fetch(mint, maxt, p.hints, p.matchers, slot)
      }),
    )
    return new RemoteReadQuerier(results)
  }

  private async fetch(
    mint: number,
    maxt: number,
    hints: SelectHints | undefined,
    matchers: readonly Matcher[],
    into: Fetched,
  ): Promise<void> {
    const added = externalMatchers(this.o.externalLabels, matchers)
    let decoded: WriteSeries[]
    try {
      decoded = await this.o.client.read({
        startMs: mint,
        endMs: maxt,
        matchers: [...matchers, ...added],
        hints,
      })
    } catch (err) {
      into.warnings.push(`remote_read ${this.o.name}: ${(err as Error).message}`)
      return
    }
    const strip = added.map((m) => m.name)
    into.series = decoded
      .map((s) => new ReadSeries(strip.length > 0 ? s.labels.without(...strip) : s.labels, s, mint, maxt))
      .sort((a, b) => Labels.compare(a.labels, b.labels))
  }
}

/** Serves the selects its queryable prefetched; anything not announced reads as empty with a warning. */
class RemoteReadQuerier implements Querier {
  private readonly results: ReadonlyMap<string, Fetched>

  constructor(results: ReadonlyMap<string, Fetched>) {
    this.results = results
  }

  select(_sorted: boolean, _hints: SelectHints | undefined, ...matchers: Matcher[]): SeriesSet {
    const fetched = this.results.get(selectKey(matchers))
    if (fetched === undefined) return new ArraySeriesSet([])
    return new ArraySeriesSet(fetched.series, fetched.warnings)
  }

  labelNames(...matchers: Matcher[]): Promise<string[]> {
    return Promise.resolve(labelNamesOf(this.all(matchers)))
  }

  labelValues(name: string, ...matchers: Matcher[]): Promise<string[]> {
    return Promise.resolve(labelValuesOf(this.all(matchers), name))
  }

  close(): void {}

  private all(matchers: readonly Matcher[]): Series[] {
    const out: Series[] = []
    for (const f of this.results.values())
      for (const s of f.series) if (matchers.every((m) => m.matches(s.labels.get(m.name)))) out.push(s)
    return out
  }
}
