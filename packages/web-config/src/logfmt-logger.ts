/** Log levels, least to most severe, as the original's --log.level. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Where a component (the Alertmanager, the Pushgateway) logs: one message and optional key/value fields per call. */
export interface Logger {
  log(level: LogLevel, msg: string, fields?: Readonly<Record<string, unknown>>): void
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 }

/** True if `text` names a level. */
export function isLogLevel(text: string): text is LogLevel {
  return Object.hasOwn(RANK, text)
}

function quote(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value)
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)
}

/** A logfmt logger, like the original's (`ts=… level=info msg="…" key=value`), dropping lines below `level`. */
export function logfmtLogger(write: (line: string) => void, level: LogLevel = 'info'): Logger {
  return {
    log(at, msg, fields) {
      if (RANK[at] < RANK[level]) return
      let line = `ts=${new Date().toISOString()} level=${at} msg=${quote(msg)}`
      for (const [key, value] of Object.entries(fields ?? {})) line += ` ${key}=${quote(value)}`
      write(line + '\n')
    },
  }
}

/** A logger that drops everything. */
export const silentLogger: Logger = { log() {} }
