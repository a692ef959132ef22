/**
 * How this package reports refused connections and unreadable files; each component adapts it to
 * its own logger.
 */
export type WebLog = (
  level: 'debug' | 'error',
  message: string,
  fields: Readonly<Record<string, string>>,
) => void

/** A WebLog writing logfmt lines (`level=error msg="…" key="…"`) to `write`, leaving out debug lines. */
export function logfmtWebLog(write: (line: string) => void): WebLog {
  return (level, message, fields) => {
    if (level === 'debug') return
    let line = `level=${level} msg=${JSON.stringify(message)}`
    for (const [k, v] of Object.entries(fields)) line += ` ${k}=${JSON.stringify(v)}`
    write(line)
  }
}

/** The default: logfmt lines on stderr. */
export const stderrWebLog: WebLog = logfmtWebLog((line) => console.error(line))
