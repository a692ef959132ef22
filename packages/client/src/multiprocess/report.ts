const MAX_REMEMBERED = 1000

/**
 * The default problem reporter: a process warning per distinct message, so a corrupted file read by every
 * scrape is reported once rather than flooding the log.
 */
export function warnOnce(): (error: Error) => void {
  const seen = new Set<string>()
  return (error) => {
    if (seen.has(error.message)) return
    if (seen.size >= MAX_REMEMBERED) seen.clear()
    seen.add(error.message)
    process.emitWarning(error.message, { code: (error as { code?: string }).code ?? 'ERR_MULTIPROCESS' })
  }
}
