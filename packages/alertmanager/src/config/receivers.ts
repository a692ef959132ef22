import { ConfigError } from '../errors.js'
import {
  defaultHttpConfig,
  parseHttpConfig,
  parseTlsConfig,
  type HttpConfig,
  type TlsConfig,
} from './http-config.js'
import { bool, fields, seq, str, strMap, uint, where, type YNode } from './yaml-node.js'

/** An `email_configs` entry after the global defaults are applied. */
export interface EmailConfig {
  sendResolved: boolean
  to: string
  from: string
  hello: string
  /** `host:port`. */
  smarthost: string
  authUsername: string
  authPassword: string
  authPasswordFile: string
  authSecret: string
  authIdentity: string
  /** Header names in canonical MIME form (`Subject`, `X-Team`). */
  headers: Record<string, string>
  html: string
  text: string
  requireTls: boolean
  tls: TlsConfig
}

/** A `webhook_configs` entry. */
export interface WebhookConfig {
  sendResolved: boolean
  url: string
  /** 0 = no limit. */
  maxAlerts: number
  http: HttpConfig
}

/** A named receiver with its integrations. */
export interface ReceiverConfig {
  name: string
  email: EmailConfig[]
  webhook: WebhookConfig[]
}

/** The `global` settings receivers inherit. */
export interface SmtpDefaults {
  from: string
  hello: string
  smarthost: string
  authUsername: string
  authPassword: string
  authPasswordFile: string
  authSecret: string
  authIdentity: string
  requireTls: boolean
  http: HttpConfig | undefined
}

const OTHER_INTEGRATIONS = [
  'discord_configs',
  'pagerduty_configs',
  'slack_configs',
  'opsgenie_configs',
  'wechat_configs',
  'pushover_configs',
  'victorops_configs',
  'sns_configs',
  'telegram_configs',
  'webex_configs',
]

/** `x-team` → `X-Team`, as Go's textproto.CanonicalMIMEHeaderKey. */
function canonicalHeader(name: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(name)) return name
  return name
    .split('-')
    .map((p) => (p === '' ? p : p[0]?.toUpperCase() + p.slice(1).toLowerCase()))
    .join('-')
}

/** Checks a `host:port` address as Go's net.SplitHostPort does; returns it unchanged. */
export function checkHostPort(text: string, node: YNode): string {
  if (text === '') return ''
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(text)
  if (m === null) throw new ConfigError(`address ${text}: missing port in address at ${where(node)}`)
  if (m[3] === '')
    throw new ConfigError(`address ${JSON.stringify(text)}: port cannot be empty at ${where(node)}`)
  return text
}

function parseUrl(text: string, node: YNode): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError(`scheme required for webhook url at ${where(node)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      `unsupported scheme ${JSON.stringify(url.protocol.slice(0, -1))} for URL at ${where(node)}`,
    )
  }
  if (url.host === '') throw new ConfigError(`missing host for URL at ${where(node)}`)
  return url
}

const EMAIL_FIELDS = [
  'send_resolved',
  'to',
  'from',
  'hello',
  'smarthost',
  'auth_username',
  'auth_password',
  'auth_password_file',
  'auth_secret',
  'auth_identity',
  'headers',
  'html',
  'text',
  'require_tls',
  'tls_config',
]

function parseEmail(node: YNode, g: SmtpDefaults): EmailConfig {
  const f = fields(node, EMAIL_FIELDS, 'config.EmailConfig')
  const to = str(f.get('to'))
  if (to === '') throw new ConfigError(`missing to address in email config at ${where(node)}`)
  const headers: Record<string, string> = {}
  for (const [name, value] of strMap(f.get('headers'))) {
    const canonical = canonicalHeader(name)
    if (Object.hasOwn(headers, canonical)) {
      throw new ConfigError(`duplicate header ${JSON.stringify(canonical)} in email config at ${where(node)}`)
    }
    headers[canonical] = value
  }
  const smarthostNode = f.get('smarthost')
  let smarthost = smarthostNode === undefined ? '' : checkHostPort(str(smarthostNode), smarthostNode)
  if (smarthost === '') {
    if (g.smarthost === '')
      throw new ConfigError(`no global SMTP smarthost set (email config at ${where(node)})`)
    smarthost = g.smarthost
  }
  let from = str(f.get('from'))
  if (from === '') {
    if (g.from === '') throw new ConfigError(`no global SMTP from set (email config at ${where(node)})`)
    from = g.from
  }
  const authPassword = str(f.get('auth_password'))
  const authPasswordFile = str(f.get('auth_password_file'))
  if (authPassword !== '' && authPasswordFile !== '') {
    throw new ConfigError(
      `at most one of auth_password & auth_password_file must be configured at ${where(node)}`,
    )
  }
  const useGlobalPassword = authPassword === '' && authPasswordFile === ''
  return {
    sendResolved: bool(f.get('send_resolved'), false),
    to,
    from,
    hello: str(f.get('hello')) || g.hello,
    smarthost,
    authUsername: str(f.get('auth_username')) || g.authUsername,
    authPassword: useGlobalPassword ? g.authPassword : authPassword,
    authPasswordFile: useGlobalPassword ? g.authPasswordFile : authPasswordFile,
    authSecret: str(f.get('auth_secret')) || g.authSecret,
    authIdentity: str(f.get('auth_identity')) || g.authIdentity,
    headers,
    html: f.has('html') ? str(f.get('html')) : '{{ template "email.default.html" . }}',
    text: str(f.get('text')),
    requireTls: bool(f.get('require_tls'), g.requireTls),
    tls: parseTlsConfig(f.get('tls_config')),
  }
}

function parseWebhook(node: YNode, g: SmtpDefaults): WebhookConfig {
  const f = fields(
    node,
    ['send_resolved', 'http_config', 'url', 'url_file', 'max_alerts'],
    'config.WebhookConfig',
  )
  if (f.has('url_file'))
    throw new ConfigError(`field url_file not found in type config.plain at ${where(node)}`)
  const urlNode = f.get('url')
  if (urlNode === undefined || str(urlNode) === '')
    throw new ConfigError(`missing URL in webhook config at ${where(node)}`)
  const url = parseUrl(str(urlNode), urlNode)
  const httpNode = f.get('http_config')
  return {
    sendResolved: bool(f.get('send_resolved'), true),
    url: url.href,
    maxAlerts: uint(f.get('max_alerts'), 0),
    http: httpNode !== undefined ? parseHttpConfig(httpNode) : (g.http ?? defaultHttpConfig()),
  }
}

/** Parses one `receivers` entry. */
export function parseReceiver(node: YNode, g: SmtpDefaults): ReceiverConfig {
  const f = fields(
    node,
    ['name', 'email_configs', 'webhook_configs', ...OTHER_INTEGRATIONS],
    'config.Receiver',
  )
  for (const other of OTHER_INTEGRATIONS) {
    if (f.has(other) && seq(f.get(other)).length > 0) {
      throw new ConfigError(
        `${other} are not supported by Watchfire yet (only email_configs and webhook_configs) at ${where(f.get(other) as YNode)}`,
      )
    }
  }
  const name = str(f.get('name'))
  if (name === '') throw new ConfigError(`missing name in receiver at ${where(node)}`)
  return {
    name,
    email: seq(f.get('email_configs')).map((n) => parseEmail(n, g)),
    webhook: seq(f.get('webhook_configs')).map((n) => parseWebhook(n, g)),
  }
}
