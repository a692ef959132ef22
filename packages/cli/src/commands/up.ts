import { resolve } from 'node:path'
import { WatchfireError } from '@watchfire/model'
import { defineCommand } from './command.js'
import { runServer } from './server-run.js'

const flags = {
  'web.listen-address': {
    type: 'string',
    help: 'Address to listen on (loopback only by default, so a first run exposes nothing).',
    default: '127.0.0.1:9090',
  },
  'storage.tsdb.path': {
    type: 'string',
    help: 'Where samples are stored, relative to the working directory.',
    default: 'data',
  },
  'scrape.interval': { type: 'duration', help: 'How often the server scrapes itself.', default: '15s' },
  'web.enable-lifecycle': { type: 'bool', help: 'Enable shutdown and reload via HTTP request.' },
} as const

/** The built-in configuration: the server scrapes its own /metrics. */
export function embeddedConfig(target: string, intervalMs: number): string {
  const interval = `${intervalMs}ms`
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: watchfire',
    `    static_configs: [{ targets: ['${target}'] }]`,
    '',
  ].join('\n')
}

/** `watchfire up`: the server on embedded defaults — data in ./data, 127.0.0.1:9090, scraping itself. */
export default defineCommand({
  summary:
    'Start a server on built-in defaults: data in ./data, listening on 127.0.0.1:9090, scraping itself.',
  flags,
  run(f, io) {
    const address = f['web.listen-address'] ?? '127.0.0.1:9090'
    const port = /:(\d+)$/.exec(address)?.[1]
    if (port === undefined || port === '0')
      throw new WatchfireError(
        'ERR_FLAG',
        `cannot scrape itself on ${JSON.stringify(address)} (give host:port with a fixed port)`,
      )
    const host = address.slice(0, -port.length - 1).replace(/^\[|\]$/g, '')
    const target = `${host === '' || host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`
    const yaml = embeddedConfig(target, f['scrape.interval'] ?? 15_000)
    return runServer(
      {
        config: { yaml },
        storagePath: resolve(f['storage.tsdb.path'] ?? 'data'),
        listenAddress: address,
        enableLifecycle: f['web.enable-lifecycle'],
        flags: { 'web.listen-address': address, 'storage.tsdb.path': f['storage.tsdb.path'] ?? 'data' },
      },
      io,
    )
  },
})
