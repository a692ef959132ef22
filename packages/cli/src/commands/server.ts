import { defineCommand } from './command.js'
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
  'web.enable-lifecycle': { type: 'bool', help: 'Enable shutdown and reload via HTTP request.' },
  'web.enable-remote-write-receiver': {
    type: 'bool',
    help: 'Enable API endpoint accepting remote write requests.',
  },
  'enable-feature': {
    type: 'list',
    help: 'Comma separated feature names to enable. Valid options: native-histograms.',
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
    return runServer(
      {
        config: { file: f['config.file'] ?? 'prometheus.yml' },
        storagePath: f['storage.tsdb.path'] ?? 'data/',
        retentionMs: f['storage.tsdb.retention.time'],
        listenAddress: f['web.listen-address'],
        enableLifecycle: f['web.enable-lifecycle'],
        enableRemoteWriteReceiver: f['web.enable-remote-write-receiver'],
        nativeHistograms: features.includes('native-histograms'),
        lookbackDeltaMs: f['query.lookback-delta'],
        queryTimeoutMs: f['query.timeout'],
        queryMaxSamples: f['query.max-samples'],
        flags: shown,
      },
      io,
    )
  },
})
