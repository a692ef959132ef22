import { WatchfireError } from '@watchfire/model'
import { isLogLevel, type LogLevel } from '@watchfire/web-config'
import type { FlagSpec } from '../flags.js'

/** exporter-toolkit's `--web.config.file`, worded as every original component prints it. */
export const WEB_CONFIG_FILE_FLAG = {
  type: 'string',
  help: '[EXPERIMENTAL] Path to configuration file that can enable TLS or authentication.',
  default: '',
} as const satisfies FlagSpec

/** promlog's `--log.level`, worded as the originals print it. */
export const LOG_LEVEL_FLAG = {
  type: 'string',
  help: 'Only log messages with the given severity or above. One of: [debug, info, warn, error]',
  default: 'info',
} as const satisfies FlagSpec

/**
 * The level `--log.level` names (`info` when unset).
 * @throws WatchfireError (ERR_FLAG) for a level promlog does not know.
 */
export function logLevelFlag(value: string | undefined): LogLevel {
  const level = value ?? 'info'
  if (!isLogLevel(level)) throw new WatchfireError('ERR_FLAG', `unknown log level ${JSON.stringify(level)}`)
  return level
}
