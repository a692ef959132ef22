import { Counter, Histogram, type CounterChild, type HistogramChild, type Registry } from '@watchfire/client'

/** One integration's series of the notification metrics, looked up once rather than per notification. */
export interface IntegrationMetrics {
  notifications: CounterChild
  failed: CounterChild
  requests: CounterChild
  requestsFailed: CounterChild
  latency: HistogramChild
}

/** The notification metrics under the original's names, labelled by integration. */
export class NotifyMetrics {
  readonly notifications: Counter<'integration'>
  readonly failed: Counter<'integration'>
  readonly requests: Counter<'integration'>
  readonly requestsFailed: Counter<'integration'>
  readonly latency: Histogram<'integration'>
  private readonly byIntegration = new Map<string, IntegrationMetrics>()

  constructor(registry: Registry) {
    const registers = [registry]
    this.notifications = new Counter({
      name: 'alertmanager_notifications_total',
      help: 'The total number of attempted notifications.',
      labelNames: ['integration'] as const,
      registers,
    })
    this.failed = new Counter({
      name: 'alertmanager_notifications_failed_total',
      help: 'The total number of failed notifications.',
      labelNames: ['integration'] as const,
      registers,
    })
    this.requests = new Counter({
      name: 'alertmanager_notification_requests_total',
      help: 'The total number of attempted notification requests.',
      labelNames: ['integration'] as const,
      registers,
    })
    this.requestsFailed = new Counter({
      name: 'alertmanager_notification_requests_failed_total',
      help: 'The total number of failed notification requests.',
      labelNames: ['integration'] as const,
      registers,
    })
    this.latency = new Histogram({
      name: 'alertmanager_notification_latency_seconds',
      help: 'The latency of notifications in seconds.',
      labelNames: ['integration'] as const,
      buckets: [1, 5, 10, 15, 20],
      registers,
    })
    for (const integration of ['email', 'webhook']) {
      this.notifications.labels(integration)
      this.failed.labels(integration)
      this.requests.labels(integration)
      this.requestsFailed.labels(integration)
      this.latency.labels(integration)
    }
  }

  /** The series of one integration (`webhook`, `email`). */
  forIntegration(integration: string): IntegrationMetrics {
    let m = this.byIntegration.get(integration)
    if (m === undefined) {
      m = {
        notifications: this.notifications.labels(integration),
        failed: this.failed.labels(integration),
        requests: this.requests.labels(integration),
        requestsFailed: this.requestsFailed.labels(integration),
        latency: this.latency.labels(integration),
      }
      this.byIntegration.set(integration, m)
    }
    return m
  }
}
