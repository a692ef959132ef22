import { dirname } from 'node:path'
import { WebConfigError } from './errors.js'
import { FileSnapshot } from './file-snapshot.js'
import { parseWebConfig } from './parse-web-config.js'
import type { WebConfig } from './web-config-types.js'

/**
 * A web configuration file read again whenever it changes, as the toolkit re-reads it for every
 * connection and request; an unchanged file costs one stat and returns the same WebConfig object.
 */
export class WebConfigSource {
  private readonly file: FileSnapshot
  private parsedFrom: Buffer | undefined
  private parsed: WebConfig | undefined

  constructor(readonly path: string) {
    this.file = new FileSnapshot(path)
  }

  /** The configuration as the file says now; throws a WebConfigError when it cannot be read or is invalid. */
  current(): WebConfig {
    let content: Buffer
    try {
      content = this.file.read()
    } catch (cause) {
      throw new WebConfigError(`cannot read web config file ${this.path} (${(cause as Error).message})`, {
        cause,
      })
    }
    if (content !== this.parsedFrom || this.parsed === undefined) {
      // Cleared first so a file that turned invalid keeps failing instead of serving the old parse.
      this.parsedFrom = undefined
      this.parsed = parseWebConfig(content.toString('utf8'), dirname(this.path))
      this.parsedFrom = content
    }
    return this.parsed
  }
}
