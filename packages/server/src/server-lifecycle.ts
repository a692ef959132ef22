import type { AddressInfo } from 'node:net'
import type { WebServer } from '@watchfire/web-config'
import type { RemoteWriteStorage } from './remote/write-storage.js'
import type { ServerConfig } from './server-config.js'
import type { ServerMetrics } from './server-metrics.js'

/** A part that runs until its signal aborts and resolves once it has stopped. */
export interface Runnable {
  run(signal: AbortSignal): Promise<void>
}

/** What the server and the agent share for starting and stopping. */
export interface LifecycleParts {
  config: ServerConfig
  metrics: ServerMetrics
  remoteWrite: RemoteWriteStorage
  /**
   * Everything that appends to storage (scraping, rules) or drives what does (discovery, the
   * notifier, extra components): stopped, with their last commits done, before remote write drains.
   */
  producers: readonly Runnable[]
  /** Closes the storage; the last step of a shutdown. */
  closeStorage: () => void | Promise<void>
  log: (message: string) => void
}

/** How {@link ServerLifecycle.serve} listens. */
export interface ServeOptions {
  /** `host:port`; port 0 picks a free one. */
  listenAddress: string
  /** Reload on SIGHUP (the CLI turns this on; tests leave the process's signals alone). */
  reloadOnSighup?: boolean
  /** Called right before the listener closes (connection guards and the like). */
  beforeClose?: () => void
}

/** Splits a `host:port` listen address (`[v6]:port` too). */
export function splitAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address)
  if (m === null) throw new Error(`cannot parse listen address ${JSON.stringify(address)} (want host:port)`)
  return { host: m[1] ?? m[2] ?? '', port: Number(m[3]) }
}

/** Starts listening and resolves with the bound address. */
export function listen(server: WebServer['server'], host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    // Go listens with the kernel's somaxconn backlog; Node's 511 drops SYNs under a connection flood.
    server.listen(port, host === '' ? undefined : host, 4096, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

/**
 * The start-up and shutdown sequence the server and the agent share: load the configuration
 * (closing the storage when the first one cannot load), run the producers and remote write,
 * listen, and reload on request. A shutdown goes in the order that loses nothing: the producers
 * stop (their last scrapes and evaluations committed), the listener closes (no more remote-write
 * receiver appends), then remote write reads the WAL to its end and sends it all within
 * --storage.remote.flush-deadline, and only then the storage closes.
 */
export class ServerLifecycle {
  private readonly parts: LifecycleParts
  private readonly producing = new AbortController()
  private readonly sending = new AbortController()
  private producers: Promise<unknown> = Promise.resolve()
  private remoteWrite: Promise<void> = Promise.resolve()
  private ready = false
  private server: WebServer['server'] | undefined
  private beforeClose: (() => void) | undefined
  private closing: Promise<void> | undefined

  constructor(parts: LifecycleParts) {
    this.parts = parts
  }

  /** Reloads the configuration; rejects (keeping the old one) when the new one cannot be loaded. */
  readonly reload = async (): Promise<void> => {
    const { config, metrics, log } = this.parts
    try {
      await config.reload()
      metrics.observeReload(true, Date.now())
      log(`level=info msg="Completed loading of configuration file"`)
    } catch (err) {
      metrics.observeReload(false, Date.now())
      log(`level=error msg="Error reloading config" err=${JSON.stringify((err as Error).message)}`)
      throw err
    }
  }

  /** True between listening and the start of a shutdown (/-/ready). */
  readonly isReady = (): boolean => this.ready

  private readonly onSighup = (): void => void this.reload().catch(() => undefined)

  /** Loads the configuration, then starts the producers and remote write. */
  async start(): Promise<void> {
    try {
      await this.reload()
    } catch (err) {
      await this.parts.remoteWrite.stop()
      await this.parts.closeStorage()
      throw err
    }
    this.producers = Promise.all(this.parts.producers.map((p) => p.run(this.producing.signal)))
    this.remoteWrite = this.parts.remoteWrite.run(this.sending.signal)
  }

  /**
   * Listens and marks the server ready; resolves with its `scheme://host:port` URL (loopback for a
   * wildcard address). When it cannot listen, it shuts everything down and rejects.
   */
  async serve(web: Pick<WebServer, 'server' | 'scheme'>, options: ServeOptions): Promise<string> {
    this.server = web.server
    this.beforeClose = options.beforeClose
    if (options.reloadOnSighup) process.on('SIGHUP', this.onSighup)
    let address: AddressInfo
    try {
      const { host, port } = splitAddress(options.listenAddress)
      address = await listen(web.server, host, port)
    } catch (err) {
      await this.close()
      throw err
    }
    this.ready = true
    this.parts.metrics.setReady(true)
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return `${web.scheme}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`
  }

  /** Shuts down in order (see the class); later calls share the first one's outcome. */
  close(): Promise<void> {
    return (this.closing ??= this.shutdown())
  }

  private async shutdown(): Promise<void> {
    this.ready = false
    process.off('SIGHUP', this.onSighup)
    this.producing.abort()
    await this.producers
    const server = this.server
    if (server !== undefined) {
      this.beforeClose?.()
      if (server.listening)
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
    }
    this.sending.abort()
    await this.remoteWrite
    this.parts.metrics.close()
    await this.parts.closeStorage()
  }
}
