import type { IncomingMessage, ServerResponse } from 'node:http'
import { Labels } from '@watchfire/model'
import type { DB } from '@watchfire/tsdb'
import { RemoteReadStorage } from './remote/remote-read-storage.js'
import type { ServerConfig } from './server-config.js'
import { federateHandler } from './web/federate-api.js'
import { remoteReadHandler } from './web/remote-read-api.js'

/** Options of {@link createReadSide}: the server's flags that shape reading across servers. */
export interface ReadSideOptions {
  db: DB
  config: ServerConfig
  /** --query.lookback-delta, for /federate. */
  lookbackDeltaMs: number
  /** --storage.remote.read-sample-limit, --storage.remote.read-concurrent-limit, --storage.remote.read-max-bytes-in-frame. */
  remoteReadSampleLimit?: number
  remoteReadConcurrentLimit?: number
  remoteReadMaxBytesInFrame?: number
  log: (message: string) => void
}

/** What {@link createReadSide} builds. */
export interface ReadSide {
  /** The TSDB merged with the `remote_read` endpoints: what PromQL reads. Apply configs to it. */
  fanout: RemoteReadStorage
  /** POST /api/v1/read. */
  remoteRead: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  /** GET /federate (local data only). */
  federate: (req: IncomingMessage, res: ServerResponse) => Promise<void>
}

// Prometheus adds twice the minimum block duration to the first block's start: the local storage
// is trusted for ranges after that, which also covers the first hours after a start.
const START_TIME_MARGIN_MS = 2 * 2 * 3_600_000

/** Wires remote read (client and endpoint) and federation over the TSDB and the running configuration. */
export function createReadSide(options: ReadSideOptions): ReadSide {
  const { db, config, log } = options
  const externalLabels = (): Labels => Labels.fromRecord(config.current?.global.externalLabels ?? {})
  const fanout = new RemoteReadStorage(db, {
    localStartTime: () => (db.blocks()[0]?.minTime ?? Date.now()) + START_TIME_MARGIN_MS,
  })
  return {
    fanout,
    remoteRead: remoteReadHandler({
      queryable: fanout,
      externalLabels,
      sampleLimit: options.remoteReadSampleLimit,
      concurrentLimit: options.remoteReadConcurrentLimit,
      maxBytesInFrame: options.remoteReadMaxBytesInFrame,
      log,
    }),
    federate: federateHandler({
      queryable: db,
      lookbackDeltaMs: options.lookbackDeltaMs,
      now: Date.now,
      externalLabels,
      log,
    }),
  }
}
