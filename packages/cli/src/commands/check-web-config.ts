import { checkWebConfigFile, WebConfigError } from '@watchfire/web-config'
import type { CommandIO } from './command.js'

/**
 * `watchfire check web-config <file>…`: promtool's `check web-config`, which prints
 * `FILE SUCCESS` or `FILE FAILED: reason` per file (on stderr, as promtool does) and exits 1
 * when any file failed.
 */
export function runCheckWebConfig(files: readonly string[], io: CommandIO): number {
  if (files.length === 0) {
    io.stderr.write(
      "watchfire check web-config: error: required argument 'web-config-files' not provided, try --help\n",
    )
    return 1
  }
  let failed = false
  for (const file of files) {
    try {
      checkWebConfigFile(file)
      io.stderr.write(`${file} SUCCESS\n`)
    } catch (err) {
      if (!(err instanceof WebConfigError)) throw err
      io.stderr.write(`${file} FAILED: ${err.message}\n`)
      failed = true
    }
  }
  return failed ? 1 : 0
}
