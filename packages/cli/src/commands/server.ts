import { defineCommand } from './command.js'
import { WEB_CONFIG_FILE_FLAG } from './toolkit-flags.js'
import { checkModeFlags } from '@watchfire/server'
import { FlagError } from '../flags.js'
import { changedFlags, runAgent } from './server-agent.js'
import { runServer } from './server-run.js'

const flags = {
  'config.file': { type: 'string', help: 'Prometheus configuration file path.', default: 'prometheus.yml' },
  'storage.tsdb.path': { type: 'string', help: 'Base path for metrics storage.', default: 'data/' },
  'storage.tsdb.retention.time': {
    type: 'duration',
    help: 'How long to retain samples in storage.',
    default: '15d',
  },
  'web.listen-address': {
    type: 'string',
    help: 'Address to listen on for UI, API, and telemetry.',
    default: '0.0.0.0:9090',
  },
  'web.config.file': WEB_CONFIG_FILE_FLAG,
  'web.external-url': {
    type: 'string',
    help: 'The URL under which Prometheus is externally reachable (for example, if Prometheus is served via a reverse proxy). Used for generating relative and absolute links back to Prometheus itself. If omitted, relevant URL components will be derived automatically.',
  },
  'web.route-prefix': {
    type: 'string',
    help: 'Prefix for the internal routes of web endpoints. Defaults to path of --web.external-url.',
  },
  'rules.alert.for-outage-tolerance': {
    type: 'duration',
    help: 'Max time to tolerate prometheus outage for restoring "for" state of alert.',
    default: '1h',
  },
  'rules.alert.for-grace-period': {
    type: 'duration',
    help: 'Minimum duration between alert and restored "for" state. This is maintained only for alerts with configured "for" time greater than grace period.',
    default: '10m',
  },
  'rules.alert.resend-delay': {
    type: 'duration',
    help: 'Minimum amount of time to wait before resending an alert to Alertmanager.',
    default: '1m',
  },
  'alertmanager.notification-queue-capacity': {
    type: 'number',
    help: 'The capacity of the queue for pending Alertmanager notifications.',
    default: 10_000,
  },
  'web.enable-lifecycle': { type: 'bool', help: 'Enable shutdown and reload via HTTP request.' },
  'web.enable-admin-api': { type: 'bool', help: 'Enable API endpoints for admin control actions.' },
  'web.max-connections': {
    type: 'number',
    help: 'Maximum number of simultaneous connections.',
    default: 512,
  },
  'web.max-request-body-bytes-in-flight': {
    type: 'number',
    help: 'Maximum request-body bytes read at once over all connections; more is answered 503 (0: no limit).',
    default: 256 << 20,
  },
  'web.enable-remote-write-receiver': {
    type: 'bool',
    help: 'Enable API endpoint accepting remote write requests.',
  },
  'enable-feature': {
    type: 'list',
    help: 'Comma separated feature names to enable. Valid options: native-histograms, exemplar-storage.',
  },
  'query.lookback-delta': {
    type: 'duration',
    help: 'The maximum lookback duration for retrieving metrics during expression evaluations.',
    default: '5m',
  },
  'query.timeout': {
    type: 'duration',
    help: 'Maximum time a query may take before being aborted.',
    default: '2m',
  },
  'query.max-samples': {
    type: 'number',
    help: 'Maximum number of samples a single query can load into memory.',
    default: 50_000_000,
  },
  'query.max-concurrency': {
    type: 'number',
    help: 'Maximum number of queries executed concurrently.',
    default: 20,
  },
  agent: {
    type: 'bool',
    help: 'Run in agent mode: scrape and remote-write only (also --enable-feature=agent).',
  },
  'storage.agent.path': {
    type: 'string',
    help: 'Base path for metrics storage (agent mode).',
    default: 'data-agent/',
  },
  'storage.agent.retention.min-time': {
    type: 'duration',
    help: 'Minimum age samples may be before being considered for deletion when the WAL is truncated (agent mode).',
  },
  'storage.agent.retention.max-time': {
    type: 'duration',
    help: 'Maximum age samples may be before being forcibly deleted when the WAL is truncated (agent mode).',
  },
  'storage.remote.read-sample-limit': {
    type: 'number',
    help: 'Maximum overall number of samples to return via the remote read interface, in a single query. 0 means no limit.',
    default: 50_000_000,
  },
  'storage.remote.read-concurrent-limit': {
    type: 'number',
    help: 'Maximum number of concurrent remote read calls. 0 means no limit.',
    default: 10,
  },
  'storage.remote.read-max-bytes-in-frame': {
    type: 'number',
    help: 'Maximum number of bytes in a single frame for streaming remote read response types before marshalling. Note that client might have limit on frame size as well. 1MB as recommended by protobuf by default.',
    default: 1_048_576,
  },
  'storage.remote.flush-deadline': {
    type: 'duration',
    help: 'How long to wait flushing sample on shutdown or config reload.',
    default: '1m',
  },
} as const

/** `watchfire server`: the Prometheus server with Prometheus's flag names; runs until SIGINT/SIGTERM. */
export default defineCommand({
  summary: 'Run the Prometheus server: scrape targets, store samples, answer PromQL over the HTTP API.',
  flags,
  run(f, io) {
    const features = f['enable-feature'].flatMap((v) => v.split(',')).filter((v) => v !== '')
    const shown: Record<string, string> = {}
    for (const name of Object.keys(flags) as (keyof typeof flags)[]) {
      const value = f[name]
      shown[name] = Array.isArray(value) ? value.join(',') : String(value ?? '')
    }
    const agent = f.agent || features.includes('agent')
    const refused = checkModeFlags(changedFlags(flags, f), agent)
    if (refused !== undefined) throw new FlagError(refused)
    if (agent)
      return runAgent(
        {
          config: { file: f['config.file'] ?? 'prometheus.yml' },
          storagePath: f['storage.agent.path'] ?? 'data-agent/',
          minWalTimeMs: f['storage.agent.retention.min-time'],
          maxWalTimeMs: f['storage.agent.retention.max-time'],
          listenAddress: f['web.listen-address'],
          webConfigFile: f['web.config.file'],
          enableLifecycle: f['web.enable-lifecycle'],
          enableRemoteWriteReceiver: f['web.enable-remote-write-receiver'],
          nativeHistograms: features.includes('native-histograms'),
          remoteFlushDeadlineMs: f['storage.remote.flush-deadline'],
          externalUrl: f['web.external-url'],
          routePrefix: f['web.route-prefix'],
          flags: shown,
        },
        io,
      )
    return runServer(
      {
        config: { file: f['config.file'] ?? 'prometheus.yml' },
        storagePath: f['storage.tsdb.path'] ?? 'data/',
        retentionMs: f['storage.tsdb.retention.time'],
        listenAddress: f['web.listen-address'],
        webConfigFile: f['web.config.file'],
        enableLifecycle: f['web.enable-lifecycle'],
        enableRemoteWriteReceiver: f['web.enable-remote-write-receiver'],
        nativeHistograms: features.includes('native-histograms'),
        enableExemplarStorage: features.includes('exemplar-storage'),
        lookbackDeltaMs: f['query.lookback-delta'],
        queryTimeoutMs: f['query.timeout'],
        queryMaxSamples: f['query.max-samples'],
        enableAdminApi: f['web.enable-admin-api'],
        webLimits: {
          maxConnections: f['web.max-connections'],
          maxQueryConcurrency: f['query.max-concurrency'],
          maxRequestBodyBytesInFlight: f['web.max-request-body-bytes-in-flight'],
        },
        remoteReadSampleLimit: f['storage.remote.read-sample-limit'],
        remoteReadConcurrentLimit: f['storage.remote.read-concurrent-limit'],
        remoteReadMaxBytesInFrame: f['storage.remote.read-max-bytes-in-frame'],
        remoteFlushDeadlineMs: f['storage.remote.flush-deadline'],
        externalUrl: f['web.external-url'],
        routePrefix: f['web.route-prefix'],
        resendDelayMs: f['rules.alert.resend-delay'],
        forOutageToleranceMs: f['rules.alert.for-outage-tolerance'],
        forGracePeriodMs: f['rules.alert.for-grace-period'],
        notificationQueueCapacity: f['alertmanager.notification-queue-capacity'],
        flags: shown,
      },
      io,
    )
  },
})
