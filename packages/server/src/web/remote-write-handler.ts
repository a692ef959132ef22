import type { IncomingMessage, ServerResponse } from 'node:http'
import { uncompress } from 'snappyjs'
import {
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE,
  StorageError,
  type Appendable,
} from '@watchfire/storage'
import { ApiError } from './api-error.js'
import { decodeWriteRequest, type WriteSeries } from './remote-write-decode.js'
import type { RejectReason } from './limits.js'
import { BodyBudgetError } from './body-budget.js'
import { BodyTooLargeError, readBody } from './request-body.js'
import { snappyDecodedLength } from './snappy-length.js'

/** Options of {@link remoteWriteHandler}. */
export interface RemoteWriteOptions {
  /** Largest compressed body accepted; default 32 MiB. */
  maxBodyBytes?: number
  /** Largest decompressed body accepted; default 256 MiB. */
  maxDecodedBytes?: number
  /** Told about each body refused for its size (answered 413). */
  reject?: (reason: RejectReason) => void
  /** Where rejected writes are logged (Prometheus logs out-of-order samples at error level). */
  log?: (message: string) => void
}

// Samples the store refuses for their timestamp: Prometheus answers these with 400 so that
// senders do not retry them forever.
const REFUSED_CODES: ReadonlySet<string> = new Set([
  ERR_OUT_OF_ORDER_SAMPLE.code,
  ERR_OUT_OF_BOUNDS.code,
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP.code,
])

function isRefused(err: unknown): boolean {
  return err instanceof StorageError && REFUSED_CODES.has(err.code)
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
  res.end(`${text}\n`)
}

async function appendAll(
  appendable: Appendable,
  series: readonly WriteSeries[],
  log: (m: string) => void,
): Promise<void> {
  const app = appendable.appender()
  try {
    for (const s of series) {
      let ref = 0
      const { timestamps, values } = s
      for (let i = 0; i < timestamps.length; i++) {
        const t = timestamps[i] as number
        try {
          ref = app.append(ref, s.labels, t, values[i] as number)
        } catch (err) {
          if (isRefused(err))
            log(
              `msg="Out of order sample from remote write" err="${(err as Error).message}" series="${s.labels.toString()}" timestamp=${t}`,
            )
          throw err
        }
      }
      for (const { t, h } of s.histograms) ref = app.appendHistogram(ref, s.labels, t, h)
    }
  } catch (err) {
    await app.rollback()
    throw err
  }
  await app.commit()
}

/**
 * POST /api/v1/write, remote write 1.0: a snappy block-compressed protobuf WriteRequest, appended
 * as one batch. Answers 204; 400 with the reason for a body that does not decode and for samples
 * the store refuses for their timestamp (the whole batch is rolled back, as in Prometheus, and the
 * store counts them); 500 for other storage failures.
 */
export function remoteWriteHandler(
  appendable: Appendable,
  options: RemoteWriteOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const maxBody = options.maxBodyBytes ?? 32 << 20
  const maxDecoded = options.maxDecodedBytes ?? 256 << 20
  const log = options.log ?? (() => {})
  return async (req, res) => {
    let series: WriteSeries[]
    try {
      let body: Buffer
      try {
        body = await readBody(req, maxBody)
      } catch (err) {
        if (err instanceof BodyBudgetError) {
          closeAfterAnswer(req, res)
          plain(res, err.status, err.message)
          return
        }
        if (!(err instanceof BodyTooLargeError)) throw err
        options.reject?.('body_too_large')
        closeAfterAnswer(req, res)
        plain(res, 413, err.message)
        return
      }
      // The length header is checked before snappy allocates the output: no decompression bombs.
      const decoded = snappyDecodedLength(body)
      if (decoded !== undefined && decoded > maxDecoded) {
        options.reject?.('decoded_body_too_large')
        plain(
          res,
          413,
          `cannot decompress remote write body (decoded size ${decoded} exceeds ${maxDecoded} bytes)`,
        )
        return
      }
      let raw: Uint8Array
      try {
        raw = uncompress(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), maxDecoded)
      } catch (err) {
        throw new ApiError(
          'bad_data',
          `cannot decompress remote write body (snappy: ${(err as Error).message})`,
        )
      }
      series = decodeWriteRequest(raw)
    } catch (err) {
      log(`msg="Error decoding remote write request" err="${(err as Error).message}"`)
      plain(res, 400, (err as Error).message)
      return
    }
    try {
      await appendAll(appendable, series, log)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      if (isRefused(err)) plain(res, 400, message)
      else {
        log(`msg="Error appending remote write" err="${message}"`)
        plain(res, 500, message)
      }
      return
    }
    res.writeHead(204)
    res.end()
  }
}

/**
 * The rest of the body is not worth reading: HTTP/1.1 closes the connection after answering. HTTP/2 has no such
 * header (the answer ends the stream, and Node warns when it is set).
 */
function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (req.httpVersionMajor < 2) res.setHeader('Connection', 'close')
}
