import { WatchfireError } from '@watchfire/model'
import type { ListenAddress } from './listen-address.js'
import { explainListenError, listenErrorCode } from './port-check.js'

/** Anything the stack runs: it has been started and can be closed (flushing whatever it keeps). */
export interface Closable {
  close(): Promise<void>
}

/**
 * The parts of `watchfire up`, started one after the other and closed in the reverse order (the
 * server first, so it stops scraping and sending alerts before the Alertmanager and Pushgateway go).
 * When a part fails to start, the parts already running are closed before the error is thrown.
 */
export class Stack {
  private readonly running: { name: string; part: Closable }[] = []
  private closing: Promise<string[]> | undefined

  constructor(private readonly log: (line: string) => void) {}

  /** Names of the running parts, in start order. */
  get names(): string[] {
    return this.running.map((r) => r.name)
  }

  /**
   * Starts a part; on failure closes the others and throws ERR_UP_START naming the part and the
   * reason (for a taken port: who holds it).
   */
  async start<P extends Closable>(
    name: string,
    start: () => Promise<P>,
    address?: ListenAddress,
  ): Promise<P> {
    try {
      const part = await start()
      this.running.push({ name, part })
      return part
    } catch (err) {
      const reason =
        address !== undefined && listenErrorCode(err) !== undefined
          ? await explainListenError(address, err)
          : (err as Error).message
      const stopped = this.names
      await this.close()
      const after = stopped.length === 0 ? '' : `; stopped ${stopped.join(', ')}`
      throw new WatchfireError('ERR_UP_START', `cannot start ${name} (${reason})${after}`, { cause: err })
    }
  }

  /** Closes every running part, newest first; resolves with the failures (one message per part). */
  close(): Promise<string[]> {
    return (this.closing ??= (async () => {
      const failures: string[] = []
      for (const { name, part } of this.running.splice(0).reverse()) {
        try {
          await part.close()
          this.log(`level=info msg="stopped ${name}"`)
        } catch (err) {
          failures.push(`cannot stop ${name} (${(err as Error).message})`)
          this.log(`level=error msg="cannot stop ${name}" err=${JSON.stringify((err as Error).message)}`)
        }
      }
      return failures
    })())
  }
}
