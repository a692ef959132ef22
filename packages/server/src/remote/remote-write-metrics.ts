import { Counter, Gauge, Histogram, type Registry } from '@watchfire/client'
import { redactUrlPassword } from '../config/secret.js'

const QUEUE_LABELS = ['remote_name', 'url'] as const
type QueueLabel = (typeof QUEUE_LABELS)[number]

/** The per-queue series of {@link RemoteWriteMetrics}, bound to one queue's labels. */
export interface QueueMetrics {
  samplesSent(n: number): void
  samplesFailed(n: number): void
  samplesRetried(n: number): void
  samplesDropped(n: number): void
  bytesSent(n: number): void
  batchDuration(seconds: number): void
  highestSentSeconds(seconds: number): void
  setPending(n: number): void
  metadataSent(n: number): void
  metadataFailed(n: number): void
  metadataRetried(n: number): void
  metadataBytes(n: number): void
  setShards(
    current: number,
    desired: number,
    min: number,
    max: number,
    capacity: number,
    maxPerSend: number,
  ): void
  /** Removes the queue's series (the queue was removed from the configuration). */
  remove(): void
}

/**
 * The remote-write self-metrics under Prometheus's names (storage/remote/queue_manager.go), labelled
 * `remote_name` and `url` per queue, registered on the server's registry.
 */
export class RemoteWriteMetrics {
  private readonly sent: Counter<QueueLabel>
  private readonly failed: Counter<QueueLabel>
  private readonly retried: Counter<QueueLabel>
  private readonly dropped: Counter<QueueLabel>
  private readonly bytes: Counter<QueueLabel>
  private readonly duration: Histogram<QueueLabel>
  private readonly highestSent: Gauge<QueueLabel>
  private readonly pending: Gauge<QueueLabel>
  private readonly gauges: Record<
    'shards' | 'desired' | 'min' | 'max' | 'capacity' | 'perSend',
    Gauge<QueueLabel>
  >
  private readonly metadata: Record<'sent' | 'failed' | 'retried' | 'bytes', Counter<QueueLabel>>
  private readonly samplesIn: Counter
  private readonly highestIn: Gauge

  constructor(registry: Registry) {
    const registers = [registry]
    const counter = (name: string, help: string): Counter<QueueLabel> =>
      new Counter({ name, help, labelNames: QUEUE_LABELS, registers })
    const gauge = (name: string, help: string): Gauge<QueueLabel> =>
      new Gauge({ name, help, labelNames: QUEUE_LABELS, registers })
    const p = 'prometheus_remote_storage_'
    this.sent = counter(`${p}samples_total`, 'Total number of samples sent to remote storage.')
    this.failed = counter(
      `${p}samples_failed_total`,
      'Total number of samples which failed on send to remote storage, non-recoverable errors.',
    )
    this.retried = counter(
      `${p}samples_retried_total`,
      'Total number of samples which failed on send to remote storage but were retried because the send error was recoverable.',
    )
    this.dropped = counter(
      `${p}samples_dropped_total`,
      'Total number of samples which were dropped after being read from the WAL before being sent via remote write, either via relabelling or unintentionally because of an unknown reference ID.',
    )
    this.bytes = counter(
      `${p}bytes_total`,
      'The total number of bytes of data (not metadata) sent by the queue after compression.',
    )
    this.duration = new Histogram({
      name: `${p}sent_batch_duration_seconds`,
      help: 'Duration of send calls to the remote storage.',
      labelNames: QUEUE_LABELS,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60, 120, 300],
      registers,
    })
    this.highestSent = gauge(
      `${p}queue_highest_sent_timestamp_seconds`,
      'Timestamp from a WAL sample, the highest timestamp successfully sent by this queue, in seconds since epoch.',
    )
    this.pending = gauge(
      `${p}samples_pending`,
      'The number of samples pending in the queues shards to be sent to the remote storage.',
    )
    this.gauges = {
      shards: gauge(`${p}shards`, 'The number of shards used for parallel sending to the remote storage.'),
      desired: gauge(
        `${p}shards_desired`,
        'The number of shards that the queues shard calculation wants to run based on the rate of samples in vs. samples out.',
      ),
      min: gauge(`${p}shards_min`, 'The minimum number of shards that the queue is allowed to run.'),
      max: gauge(`${p}shards_max`, 'The maximum number of shards that the queue is allowed to run.'),
      capacity: gauge(
        `${p}shard_capacity`,
        'The capacity of each shard of the queue used for parallel sending to the remote storage.',
      ),
      perSend: gauge(
        `${p}max_samples_per_send`,
        'The maximum number of samples to be sent, in a single request, to the remote storage.',
      ),
    }
    this.metadata = {
      sent: counter(`${p}metadata_total`, 'Total number of metadata entries sent to remote storage.'),
      failed: counter(
        `${p}metadata_failed_total`,
        'Total number of metadata entries which failed on send to remote storage, non-recoverable errors.',
      ),
      retried: counter(
        `${p}metadata_retried_total`,
        'Total number of metadata entries which failed on send to remote storage but were retried because the send error was recoverable.',
      ),
      bytes: counter(
        `${p}metadata_bytes_total`,
        'The total number of bytes of metadata sent by the queue after compression.',
      ),
    }
    this.samplesIn = new Counter({
      name: `${p}samples_in_total`,
      help: 'Samples in to remote storage, compare to samples out for queue managers.',
      registers,
    })
    this.highestIn = new Gauge({
      name: `${p}highest_timestamp_in_seconds`,
      help: 'Highest timestamp that has come into the remote storage via the Appender interface, in seconds since epoch.',
      registers,
    })
  }

  /** Samples that came into storage (all queues read the same WAL). */
  observeIn(samples: number, highestMs: number): void {
    if (samples > 0) this.samplesIn.inc(samples)
    if (Number.isFinite(highestMs)) this.highestIn.set(highestMs / 1000)
  }

  /** The series of one queue. */
  forQueue(remoteName: string, url: string): QueueMetrics {
    // A password in the URL must not reach /metrics.
    const l = { remote_name: remoteName, url: redactUrlPassword(url) }
    const sent = this.sent.labels(l)
    const failed = this.failed.labels(l)
    const retried = this.retried.labels(l)
    const dropped = this.dropped.labels(l)
    const bytes = this.bytes.labels(l)
    const duration = this.duration.labels(l)
    const highest = this.highestSent.labels(l)
    const pending = this.pending.labels(l)
    const g = this.gauges
    const all = [
      this.sent,
      this.failed,
      this.retried,
      this.dropped,
      this.bytes,
      this.duration,
      this.highestSent,
      this.pending,
      ...Object.values(g),
      ...Object.values(this.metadata),
    ]
    const md = this.metadata
    return {
      metadataSent: (n) => md.sent.inc(l, n),
      metadataFailed: (n) => md.failed.inc(l, n),
      metadataRetried: (n) => md.retried.inc(l, n),
      metadataBytes: (n) => md.bytes.inc(l, n),
      samplesSent: (n) => sent.inc(n),
      samplesFailed: (n) => failed.inc(n),
      samplesRetried: (n) => retried.inc(n),
      samplesDropped: (n) => dropped.inc(n),
      bytesSent: (n) => bytes.inc(n),
      batchDuration: (s) => duration.observe(s),
      highestSentSeconds: (s) => highest.set(s),
      setPending: (n) => pending.set(n),
      setShards: (current, desired, min, max, capacity, perSend) => {
        g.shards.set(l, current)
        g.desired.set(l, desired)
        g.min.set(l, min)
        g.max.set(l, max)
        g.capacity.set(l, capacity)
        g.perSend.set(l, perSend)
      },
      remove: () => {
        for (const m of all) m.remove(l)
      },
    }
  }
}
