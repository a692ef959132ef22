import { WatchfireError } from '@watchfire/model'
import type { ParsedFlags } from '../flags.js'
import type { SmtpSettings } from '../up/alertmanager-config.js'
import { parseListenAddress } from '../up/listen-address.js'
import { runUp } from '../up/run-up.js'
import { defineCommand } from './command.js'

const flags = {
  'web.listen-address': {
    type: 'string',
    help: 'Where the server listens (UI, API, /metrics); loopback only by default, so a first run exposes nothing.',
    default: '127.0.0.1:9090',
  },
  'alertmanager.listen-address': {
    type: 'string',
    help: 'Where the Alertmanager listens.',
    default: '127.0.0.1:9093',
  },
  'pushgateway.listen-address': {
    type: 'string',
    help: 'Where the Pushgateway listens.',
    default: '127.0.0.1:9091',
  },
  'node-exporter.listen-address': {
    type: 'string',
    help: 'Where the node exporter listens.',
    default: '127.0.0.1:9100',
  },
  'data-dir': {
    type: 'string',
    help: 'Data of every part (prometheus/, alertmanager/, pushgateway/) and the generated configuration.',
    default: 'data',
  },
  target: {
    type: 'list',
    help: 'A host:port serving /metrics to scrape as well (repeatable).',
  },
  'target.job': { type: 'string', help: 'The job label of the --target targets.', default: 'app' },
  'scrape.interval': { type: 'duration', help: 'How often every target is scraped.', default: '15s' },
  'evaluation.interval': {
    type: 'duration',
    help: 'How often rules are evaluated (default: the scrape interval).',
  },
  'storage.tsdb.retention.time': {
    type: 'duration',
    help: 'How long the server keeps samples.',
    default: '15d',
  },
  'config.file': {
    type: 'string',
    help: 'Your own prometheus.yml instead of the generated one (its targets, rules and alerting apply).',
  },
  'rules.file': {
    type: 'list',
    help: 'Your own rule file instead of the starter rules (repeatable).',
  },
  'alertmanager.config': {
    type: 'string',
    help: 'Your own alertmanager.yml instead of the generated one.',
  },
  'smtp-smarthost': { type: 'string', help: 'host:port of the mail server alerts are e-mailed through.' },
  'smtp-from': { type: 'string', help: 'Sender address of alert e-mails.' },
  'smtp-to': { type: 'string', help: 'Recipient of alert e-mails.' },
  'smtp-auth-username': { type: 'string', help: 'SMTP AUTH user name.' },
  'smtp-auth-password': { type: 'string', help: 'SMTP AUTH password.' },
  'smtp-require-tls': {
    type: 'bool',
    help: 'Require STARTTLS (turn off for a local test mail server).',
    default: true,
  },
  'web.enable-lifecycle': {
    type: 'bool',
    help: 'POST /-/quit on the server stops the stack, /-/reload reloads.',
  },
} as const

type UpFlags = ParsedFlags<typeof flags>

function smtpSettings(f: UpFlags): SmtpSettings | undefined {
  const given = (
    ['smtp-smarthost', 'smtp-from', 'smtp-to', 'smtp-auth-username', 'smtp-auth-password'] as const
  ).filter((name) => f[name] !== undefined)
  if (given.length === 0) return undefined
  const smarthost = f['smtp-smarthost']
  const from = f['smtp-from']
  const to = f['smtp-to']
  if (smarthost === undefined || from === undefined || to === undefined)
    throw new WatchfireError(
      'ERR_FLAG',
      'cannot send alert e-mails (give --smtp-smarthost, --smtp-from and --smtp-to together)',
    )
  if (f['alertmanager.config'] !== undefined)
    throw new WatchfireError(
      'ERR_FLAG',
      'cannot combine --smtp-* with --alertmanager.config (put the e-mail settings in that file)',
    )
  return {
    smarthost,
    from,
    to,
    authUsername: f['smtp-auth-username'],
    authPassword: f['smtp-auth-password'],
    requireTls: f['smtp-require-tls'],
  }
}

function shownFlags(f: UpFlags): Record<string, string> {
  const shown: Record<string, string> = {}
  for (const name of Object.keys(flags) as (keyof typeof flags)[]) {
    const value = f[name]
    if (name === 'smtp-auth-password') shown[name] = value === undefined ? '' : '<secret>'
    else shown[name] = Array.isArray(value) ? value.join(',') : String(value ?? '')
  }
  return shown
}

/** `watchfire up`: the whole stack in one process, on loopback, with generated configuration. */
const command = defineCommand({
  summary:
    'Start the whole stack in one process: server (9090), Alertmanager (9093), Pushgateway (9091) and node exporter (9100), with data in ./data.',
  flags,
  run(f, io) {
    if (f['config.file'] !== undefined) {
      const clash = (['target', 'rules.file'] as const).filter((name) => f[name].length > 0)
      if (clash.length > 0)
        throw new WatchfireError(
          'ERR_FLAG',
          `cannot combine --${clash.join(', --')} with --config.file (list targets and rule files in that file)`,
        )
    }
    const server = parseListenAddress('web.listen-address', f['web.listen-address'] ?? '')
    if (server.port === 0 && f['config.file'] === undefined)
      throw new WatchfireError(
        'ERR_FLAG',
        'cannot scrape the server on port 0 (give --web.listen-address a fixed port, or your own --config.file)',
      )
    const scrapeIntervalMs = f['scrape.interval'] ?? 15_000
    return runUp(
      {
        server,
        alertmanager: parseListenAddress(
          'alertmanager.listen-address',
          f['alertmanager.listen-address'] ?? '',
        ),
        pushgateway: parseListenAddress('pushgateway.listen-address', f['pushgateway.listen-address'] ?? ''),
        nodeExporter: parseListenAddress(
          'node-exporter.listen-address',
          f['node-exporter.listen-address'] ?? '',
        ),
        dataDir: f['data-dir'] ?? 'data',
        targets: f.target,
        targetJob: f['target.job'] ?? 'app',
        scrapeIntervalMs,
        evaluationIntervalMs: f['evaluation.interval'] ?? scrapeIntervalMs,
        retentionMs: f['storage.tsdb.retention.time'],
        configFile: f['config.file'],
        ruleFiles: f['rules.file'],
        alertmanagerConfig: f['alertmanager.config'],
        smtp: smtpSettings(f),
        enableLifecycle: f['web.enable-lifecycle'],
        flags: shownFlags(f),
      },
      io,
    )
  },
})

export default command
