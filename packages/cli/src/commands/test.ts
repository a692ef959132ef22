import { access } from 'node:fs/promises'
import { runRuleUnitTests } from '@watchfire/server'
import { defineCommand } from './command.js'

/** `watchfire test rules <file>…`: promtool's `test rules`, same output and exit codes (0 all pass, 1 otherwise). */
export default defineCommand({
  summary: 'Run rule unit tests in promtool’s format (test rules <test-file>…), as promtool does.',
  flags: {},
  async run(flags, io) {
    const [what, ...files] = flags._
    if (what !== 'rules') {
      io.stderr.write(
        `watchfire test: error: expected "rules", got ${JSON.stringify(what ?? '')}, try --help\n`,
      )
      return 1
    }
    if (files.length === 0) {
      io.stderr.write("watchfire test: error: required argument 'test-rule-file' not provided, try --help\n")
      return 1
    }
    for (const file of files) {
      try {
        await access(file)
      } catch {
        io.stderr.write(`watchfire test: error: path '${file}' does not exist, try --help\n`)
        return 1
      }
    }
    let failed = false
    for (const file of files) {
      io.stdout.write(`Unit Testing:  ${file}\n`)
      const { errors, warnings } = await runRuleUnitTests(file)
      for (const w of warnings) io.stderr.write(`${w}\n`)
      if (errors.length > 0) {
        io.stderr.write('  FAILED:\n')
        for (const e of errors) {
          io.stderr.write(`${e}\n`)
          io.stdout.write('\n')
        }
        failed = true
      } else io.stdout.write('  SUCCESS\n')
      io.stdout.write('\n')
    }
    return failed ? 1 : 0
  },
})
