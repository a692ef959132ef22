import type { ServerResponse } from 'node:http'
import type { Labels } from '@watchfire/model'
import type { Queryable } from '@watchfire/storage'
import {
  chunkedFrame,
  chunkSize,
  encodeChunks,
  encodeLabelFields,
  type EncodedChunk,
} from '../remote/read-chunked.js'
import type { ReadQuery } from '../remote/read-proto.js'

/** Content-Type of the streamed response, as Prometheus names it. */
export const STREAMED_CONTENT_TYPE = 'application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse'

function write(res: ServerResponse, frame: Uint8Array): Promise<void> {
  if (res.write(frame)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      res.off('close', onClose)
      resolve()
    }
    const onClose = (): void => {
      res.off('drain', onDrain)
      reject(new Error('client went away'))
    }
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}

/** What a streamed read needs beyond the queries. */
export interface StreamOptions {
  queryable: Queryable
  externalLabels: Labels
  /** --storage.remote.read-max-bytes-in-frame: a series is split into frames of about this size. */
  maxBytesInFrame: number
  /** Drops equality matchers the external labels satisfy. */
  filter(matchers: ReadQuery['matchers']): ReadQuery['matchers']
  /** Adds the external labels a series lacks. */
  label(labels: Labels): Labels
  log: (message: string) => void
}

/**
 * Answers with the STREAMED_XOR_CHUNKS response type (Prometheus's StreamChunkedReadResponses): per
 * query, its series sorted, each sent as one or more frames of at most about max-bytes-in-frame
 * (labels included; a frame always holds at least one chunk). Headers go out with the first frame,
 * so a failure after that can only cut the stream, which the client notices by its checksum/length.
 */
export async function streamChunkedResponse(
  res: ServerResponse,
  queries: readonly ReadQuery[],
  o: StreamOptions,
): Promise<void> {
  let skipped = 0
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i] as ReadQuery
    const matchers = o.filter(q.matchers)
    const querier = await o.queryable.querier(q.startMs, q.endMs, [{ hints: q.hints, matchers }])
    try {
      const set = querier.select(true, q.hints, ...matchers)
      while (set.next()) {
        const series = set.at()
        const encoded = encodeChunks(series.iterator())
        skipped += encoded.skipped
        const labelFields = encodeLabelFields(o.label(series.labels))
        const budget = o.maxBytesInFrame - labelFields.length
        let pending: EncodedChunk[] = []
        let left = budget
        for (let k = 0; k < encoded.chunks.length; k++) {
          const c = encoded.chunks[k] as EncodedChunk
          pending.push(c)
          left -= chunkSize(c)
          if (left > 0 && k + 1 < encoded.chunks.length) continue
          if (!res.headersSent) res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE })
          await write(res, chunkedFrame(labelFields, pending, i))
          pending = []
          left = budget
        }
      }
      const err = set.err()
      if (err !== undefined) throw err
    } finally {
      querier.close()
    }
  }
  if (skipped > 0)
    o.log(
      `level=warn msg="Float histograms left out of a streamed remote read (no chunk encoding)" count=${skipped}`,
    )
  if (!res.headersSent) res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE })
  res.end()
}
