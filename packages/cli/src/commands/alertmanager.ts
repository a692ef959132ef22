import { WatchfireError } from '@watchfire/model'
import { logfmtLogger, startAlertmanager } from '@watchfire/alertmanager'
import { defineCommand } from './command.js'
import { WEB_CONFIG_FILE_FLAG, LOG_LEVEL_FLAG, logLevelFlag } from './toolkit-flags.js'

const flags = {
  'config.file': {
    type: 'string',
    help: 'Alertmanager configuration file name.',
    default: 'alertmanager.yml',
  },
  'storage.path': { type: 'string', help: 'Base path for data storage.', default: 'data/' },
  'data.retention': { type: 'duration', help: 'How long to keep data for.', default: '120h' },
  'web.listen-address': {
    type: 'string',
    help: 'Address to listen on for the web interface and API.',
    default: ':9093',
  },
  'web.config.file': WEB_CONFIG_FILE_FLAG,
  'web.external-url': {
    type: 'string',
    help: 'The URL under which Alertmanager is externally reachable.',
    default: '',
  },
  'web.route-prefix': {
    type: 'string',
    help: 'Prefix for the internal routes of web endpoints. Defaults to path of --web.external-url.',
    default: '',
  },
  'cluster.listen-address': {
    type: 'string',
    help: 'Listen address for cluster. Only "" (clustering off) is supported.',
    default: '',
  },
  'log.level': LOG_LEVEL_FLAG,
} as const

/** `watchfire alertmanager`: the Alertmanager with the original's flags; SIGHUP reloads, SIGINT/SIGTERM stop. */
export default defineCommand({
  summary: 'Run the Alertmanager: routes, groups, silences and sends alerts (webhook, e-mail).',
  flags,
  async run(f, io) {
    const level = logLevelFlag(f['log.level'])
    if (f['cluster.listen-address'] !== '') {
      throw new WatchfireError(
        'ERR_FLAG',
        'clustering is not supported: pass --cluster.listen-address="" and run two instances for HA (Prometheus sends to both)',
      )
    }
    const logger = logfmtLogger((line) => io.stderr.write(line), level)
    const am = await startAlertmanager({
      configFile: f['config.file'] ?? 'alertmanager.yml',
      storagePath: f['storage.path'],
      retentionMs: f['data.retention'],
      listenAddress: f['web.listen-address'],
      externalUrl: f['web.external-url'],
      routePrefix: f['web.route-prefix'],
      webConfigFile: f['web.config.file'],
      logger,
    })
    logger.log('info', 'starting alertmanager', { url: am.url })
    const onHup = (): void => {
      am.reload().catch(() => undefined)
    }
    process.on('SIGHUP', onHup)
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve()
      io.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    process.off('SIGHUP', onHup)
    await am.close()
    logger.log('info', 'alertmanager stopped')
    return 0
  },
})
