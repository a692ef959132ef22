import { Labels } from '@watchfire/model'
import { mergeQueryables, type PlannedSelect, type Querier, type Queryable } from '@watchfire/storage'
import type { Config, RemoteReadConfig } from '../config/config-types.js'
import { HttpReadClient, type ReadClient } from './remote-read-client.js'
import { RemoteReadQueryable } from './remote-read-queryable.js'

/** Options of {@link RemoteReadStorage}. */
export interface RemoteReadStorageOptions {
  /** The oldest timestamp the local storage answers for completely (see RemoteReadQueryableOptions). */
  localStartTime(): number
  /** Builds the client of one entry; tests pass fakes. Default: HTTP. */
  clientFor?: (config: RemoteReadConfig) => ReadClient
}

/**
 * The local storage merged with every `remote_read` endpoint of the running configuration
 * (Prometheus's fanout storage, read side): the local store is primary and wins on equal
 * timestamps, remote ones are secondary and their failures are warnings. Follows reloads.
 */
export class RemoteReadStorage implements Queryable {
  private readonly local: Queryable
  private readonly options: RemoteReadStorageOptions
  private merged: Queryable

  constructor(local: Queryable, options: RemoteReadStorageOptions) {
    this.local = local
    this.options = options
    this.merged = local
  }

  /** Rebuilds the remote queryables from the configuration's `remote_read` and external labels. */
  applyConfig(config: Config): void {
    const external = Labels.fromRecord(config.global.externalLabels)
    const clientFor = this.options.clientFor ?? ((c: RemoteReadConfig) => new HttpReadClient(c))
    const remotes = (config.remoteRead ?? []).map(
      (rr) =>
        new RemoteReadQueryable({
          client: clientFor(rr),
          name: rr.name === '' ? rr.url : rr.name,
          externalLabels: rr.filterExternalLabels ? external : Labels.EMPTY,
          requiredMatchers: Labels.fromRecord(rr.requiredMatchers),
          readRecent: rr.readRecent,
          localStartTime: this.options.localStartTime,
        }),
    )
    this.merged = remotes.length === 0 ? this.local : mergeQueryables([this.local, ...remotes])
  }

  querier(mint: number, maxt: number, planned?: readonly PlannedSelect[]): Promise<Querier> {
    return this.merged.querier(mint, maxt, planned)
  }
}
