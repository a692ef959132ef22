import { WatchfireError } from '@watchfire/model'
import { logfmtLogger, startPushgateway } from '@watchfire/pushgateway'
import { defineCommand } from './command.js'
import { WEB_CONFIG_FILE_FLAG, LOG_LEVEL_FLAG, logLevelFlag } from './toolkit-flags.js'

const flags = {
  'web.listen-address': {
    type: 'string',
    help: 'Address to listen on for the web interface, API, and telemetry.',
    default: ':9091',
  },
  'web.telemetry-path': { type: 'string', help: 'Path under which to expose metrics.', default: '/metrics' },
  'web.config.file': WEB_CONFIG_FILE_FLAG,
  'web.external-url': {
    type: 'string',
    help: 'The URL under which the Pushgateway is externally reachable.',
    default: '',
  },
  'web.route-prefix': {
    type: 'string',
    help: 'Prefix for the internal routes of web endpoints. Defaults to the path of --web.external-url.',
    default: '',
  },
  'web.enable-lifecycle': { type: 'bool', help: 'Enable shutdown via HTTP request.' },
  'web.enable-admin-api': { type: 'bool', help: 'Enable API endpoints for admin control actions.' },
  'persistence.file': {
    type: 'string',
    help: 'File to persist metrics. If empty, metrics are only kept in memory.',
    default: '',
  },
  'persistence.interval': {
    type: 'duration',
    help: 'The minimum interval at which to write out the persistence file.',
    default: '5m',
  },
  'push.disable-consistency-check': {
    type: 'bool',
    help: 'Do not check consistency of pushed metrics. DANGEROUS.',
  },
  'push.max-body-bytes': {
    type: 'number',
    help: 'Largest push body accepted, after decompression (not in the original).',
    default: 64 * 1024 * 1024,
  },
  'log.level': LOG_LEVEL_FLAG,
  'log.format': {
    type: 'string',
    help: 'Output format of log messages. Only logfmt is supported.',
    default: 'logfmt',
  },
} as const

/** `watchfire pushgateway`: the Pushgateway with the original's flags; runs until SIGINT/SIGTERM or /-/quit. */
export default defineCommand({
  summary: 'Run the Pushgateway: accepts pushed metrics and exposes them for Prometheus to scrape.',
  flags,
  async run(f, io) {
    const level = logLevelFlag(f['log.level'])
    if (f['log.format'] !== 'logfmt') {
      throw new WatchfireError(
        'ERR_FLAG',
        `unsupported log format ${JSON.stringify(f['log.format'])} (only logfmt)`,
      )
    }
    const logger = logfmtLogger((line) => io.stderr.write(line), level)
    const shown: Record<string, string> = {}
    for (const name of Object.keys(flags) as (keyof typeof flags)[]) shown[name] = String(f[name] ?? '')
    const stopped = new AbortController()
    const gateway = await startPushgateway({
      listenAddress: f['web.listen-address'],
      telemetryPath: f['web.telemetry-path'],
      webConfigFile: f['web.config.file'],
      externalUrl: f['web.external-url'] === '' ? undefined : f['web.external-url'],
      routePrefix: f['web.route-prefix'],
      persistenceFile: f['persistence.file'],
      persistenceIntervalMs: f['persistence.interval'],
      disableConsistencyCheck: f['push.disable-consistency-check'],
      enableAdminApi: f['web.enable-admin-api'],
      enableLifecycle: f['web.enable-lifecycle'],
      maxBodyBytes: f['push.max-body-bytes'],
      logger,
      flags: shown,
      onQuit: () => {
        logger.log('warn', 'received termination request via web service, exiting gracefully...')
        stopped.abort()
      },
    })
    logger.log('info', 'starting pushgateway', { url: gateway.url })
    await new Promise<void>((resolve) => {
      if (io.signal.aborted || stopped.signal.aborted) return resolve()
      io.signal.addEventListener('abort', () => resolve(), { once: true })
      stopped.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await gateway.close()
    logger.log('info', 'pushgateway stopped')
    return 0
  },
})
