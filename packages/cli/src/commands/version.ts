import { createRequire } from 'node:module'
import { defineCommand } from './command.js'

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string }

/** `watchfire version`: the version and runtime, like Prometheus's `--version` output. */
export default defineCommand({
  summary: 'Print the version of watchfire and of the runtime.',
  flags: {},
  async run(_flags, io) {
    io.stdout.write(
      `watchfire, version ${packageJson.version}\n  node: ${process.version}\n  platform: ${process.platform}/${process.arch}\n`,
    )
    return 0
  },
})
