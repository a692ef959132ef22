import type { Command } from './command.js'

/**
 * Every subcommand, loaded on demand so `watchfire pushgateway` never loads the server.
 * Add a command: one line here and one file under commands/.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<{ default: Command }>>> = {
  version: () => import('./version.js'),
  check: () => import('./check.js'),
  test: () => import('./test.js'),
  'node-exporter': () => import('./node-exporter.js'),
  pushgateway: () => import('./pushgateway.js'),
  server: () => import('./server.js'),
  up: () => import('./up.js'),
  query: () => import('./query.js'),
  alertmanager: () => import('./alertmanager.js'),
}
