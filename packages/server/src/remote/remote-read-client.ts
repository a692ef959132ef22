import type { IncomingMessage } from 'node:http'
import { compress, uncompress } from 'snappyjs'
import { ProtoWriter } from '@watchfire/model'
import { HttpClient } from '@watchfire/http-client'
import type { RemoteReadConfig } from '../config/config-types.js'
import { decodeWriteRequest, type WriteSeries } from '../web/remote-write-decode.js'
import { RemoteReadError } from './read-error.js'
import { encodeReadRequest, splitReadResponse, type ReadQuery } from './read-proto.js'

/** Something that answers one remote-read query with its series (a fake in tests, HTTP in production). */
export interface ReadClient {
  /** Reads one query; rejects with a {@link RemoteReadError}. */
  read(query: ReadQuery, signal?: AbortSignal): Promise<WriteSeries[]>
}

/** Largest decompressed response accepted; Prometheus bounds its reads the same way. */
const MAX_RESPONSE_BYTES = 256 << 20
const USER_AGENT = 'Prometheus/2.42.0-watchfire'

function readAll(res: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    res.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        res.destroy(new RemoteReadError(`cannot read remote read response (larger than ${limit} bytes)`))
        return
      }
      chunks.push(chunk)
    })
    res.on('end', () => resolve(Buffer.concat(chunks)))
    res.on('error', reject)
  })
}

/**
 * The remote-read client of one `remote_read` entry: POSTs a snappy-compressed ReadRequest with the
 * samples response type and Prometheus's headers (`X-Prometheus-Remote-Read-Version: 0.1.0`), with
 * the entry's headers and `remote_timeout`, through the shared HTTP client (credentials, TLS,
 * proxy, redirects).
 */
export class HttpReadClient implements ReadClient {
  private readonly config: RemoteReadConfig
  private readonly writer = new ProtoWriter(4096)
  private readonly http: HttpClient

  constructor(config: RemoteReadConfig) {
    this.config = config
    this.http = new HttpClient(config.httpClient)
  }

  async read(query: ReadQuery, signal?: AbortSignal): Promise<WriteSeries[]> {
    this.writer.reset()
    encodeReadRequest(this.writer, { queries: [query], acceptedResponseTypes: [0] })
    const body = compress(this.writer.finish())
    const raw = await this.post(body, signal)
    let decoded: Uint8Array
    try {
      decoded = uncompress(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), MAX_RESPONSE_BYTES)
    } catch (err) {
      throw new RemoteReadError(
        `cannot decompress remote read response (${this.config.url}: ${(err as Error).message})`,
        { cause: err },
      )
    }
    const results = splitReadResponse(decoded)
    if (results.length !== 1)
      throw new RemoteReadError(`cannot read remote read response (responses: want 1, got ${results.length})`)
    try {
      return decodeWriteRequest(results[0] as Uint8Array)
    } catch (err) {
      throw new RemoteReadError(`cannot decode remote read response (${(err as Error).message})`, {
        cause: err,
      })
    }
  }

  private async post(body: Uint8Array, signal: AbortSignal | undefined): Promise<Buffer> {
    const { url, remoteTimeoutMs, headers } = this.config
    const timeout = AbortSignal.timeout(remoteTimeoutMs)
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout])
    let res: IncomingMessage
    let data: Buffer
    try {
      res = await this.http.request(url, {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Encoding': 'snappy',
          'Content-Type': 'application/x-protobuf',
          'User-Agent': USER_AGENT,
          'X-Prometheus-Remote-Read-Version': '0.1.0',
        },
        body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        signal: combined,
      })
      data = await readAll(res, MAX_RESPONSE_BYTES)
    } catch (err) {
      if (err instanceof RemoteReadError) throw err
      const why = timeout.aborted ? 'context deadline exceeded' : (err as Error).message
      throw new RemoteReadError(`cannot read from ${url} (${why})`, { cause: err })
    }
    const status = res.statusCode ?? 0
    if (status < 200 || status >= 300) {
      const text = data.subarray(0, 512).toString('utf8').trim()
      throw new RemoteReadError(
        `remote server ${url} returned HTTP status ${status} ${res.statusMessage ?? ''}: ${text}`,
        { status },
      )
    }
    return data
  }
}
