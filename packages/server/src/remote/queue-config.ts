import type { RemoteWriteConfig } from '../config/config-types.js'

/** A remote_write queue's tuning with Prometheus 2.42's defaults filled in; durations in ms. */
export interface QueueSettings {
  capacity: number
  minShards: number
  maxShards: number
  maxSamplesPerSend: number
  batchSendDeadlineMs: number
  minBackoffMs: number
  maxBackoffMs: number
  retryOnRateLimit: boolean
  sendMetadata: boolean
  metadataIntervalMs: number
  maxMetadataPerSend: number
}

/** Prometheus's DefaultQueueConfig and DefaultMetadataConfig. */
export const DEFAULT_QUEUE: Readonly<QueueSettings> = {
  capacity: 2500,
  minShards: 1,
  maxShards: 200,
  maxSamplesPerSend: 500,
  batchSendDeadlineMs: 5000,
  minBackoffMs: 30,
  maxBackoffMs: 5000,
  retryOnRateLimit: false,
  sendMetadata: true,
  metadataIntervalMs: 60_000,
  maxMetadataPerSend: 500,
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && v > 0 ? v : fallback
}

/** Reads the queue and metadata tuning the config parser kept as written. */
export function queueSettings(config: RemoteWriteConfig): QueueSettings {
  const q = config.queueConfig as Record<string, unknown>
  const m = config.metadataConfig
  const minShards = num(q.min_shards, DEFAULT_QUEUE.minShards)
  return {
    capacity: num(q.capacity, DEFAULT_QUEUE.capacity),
    minShards,
    maxShards: Math.max(minShards, num(q.max_shards, DEFAULT_QUEUE.maxShards)),
    maxSamplesPerSend: num(q.max_samples_per_send, DEFAULT_QUEUE.maxSamplesPerSend),
    batchSendDeadlineMs: num(q.batch_send_deadline, DEFAULT_QUEUE.batchSendDeadlineMs),
    minBackoffMs: num(q.min_backoff, DEFAULT_QUEUE.minBackoffMs),
    maxBackoffMs: num(q.max_backoff, DEFAULT_QUEUE.maxBackoffMs),
    retryOnRateLimit: q.retry_on_http_429 === true,
    sendMetadata: m.send !== false,
    metadataIntervalMs: num(m.send_interval, DEFAULT_QUEUE.metadataIntervalMs),
    maxMetadataPerSend: num(m.max_samples_per_send, DEFAULT_QUEUE.maxMetadataPerSend),
  }
}
