/** The levels of `--log.level`, from most to least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 }

/** A leveled logfmt logger, shaped after go-kit's as node_exporter prints it. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

/** True for the four level names `--log.level` accepts. */
export function isLogLevel(text: string): text is LogLevel {
  return Object.hasOwn(RANK, text)
}

/** A logger writing `ts=… level=… msg=… key=value` lines at or above `level` to `write`. */
export function createLogger(level: LogLevel, write: (line: string) => void): Logger {
  const at =
    (lvl: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}): void => {
      if (RANK[lvl] < RANK[level]) return
      let line = `ts=${new Date().toISOString()} level=${lvl} msg=${quote(msg)}`
      for (const [k, v] of Object.entries(fields)) line += ` ${k}=${quote(describe(v))}`
      write(`${line}\n`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that drops everything (library use and tests). */
export const SILENT_LOGGER: Logger = createLogger('error', () => {})

function describe(value: unknown): string {
  if (value instanceof Error) return value.message
  return typeof value === 'string' ? value : String(value)
}

function quote(text: string): string {
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)
}
