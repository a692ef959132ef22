import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TlsOptions, Server as TlsServer, TLSSocket } from 'node:tls'

/**
 * Security hooks of the standalone metrics server. Matching the exporter toolkit's web config is
 * left to `@watchfire/web-config`'s `metricsServerOptionsFromWebConfig(path)`, which fills these in
 * from a `--web.config.file`-style file, so this package keeps no runtime dependencies.
 */
export interface ServerSecurityOptions {
  /** Serve HTTPS with these `tls.createServer` options (certificate, key, client CA, `requestCert`, …). */
  tls?: TlsOptions
  /**
   * With `tls`, offer HTTP/2 through ALPN (`h2`, then `http/1.1` on the same port) as the exporter
   * toolkit does; default true. False serves HTTP/1.1 and agrees on no ALPN protocol at all, like the
   * toolkit with `http_server_config.http2: false`. Without `tls` the server speaks HTTP/1.1 (no h2c).
   */
  http2?: boolean
  /** Called once each TLS handshake is done; false closes the connection before any request is read. */
  acceptTlsClient?: (socket: TLSSocket) => boolean
  /** Basic auth: requests without `Authorization: Basic …`, or for which this resolves false, get 401. */
  authenticate?: (user: string, password: string) => boolean | Promise<boolean>
  /** Headers added to every response (e.g. `X-Frame-Options`). */
  headers?: Readonly<Record<string, string>>
}

function basicCredentials(header: string | undefined): [string, string] | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)]
}

function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'WWW-Authenticate': 'Basic', 'Content-Type': 'text/plain; charset=utf-8' })
  res.end('Unauthorized\n')
}

/** Wraps a request listener with the headers and basic-auth hooks; the listener runs only for authenticated requests. */
export function secureHandler(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: ServerSecurityOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { headers, authenticate } = options
  if (headers === undefined && authenticate === undefined) return handler
  return (req, res) => {
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value)
    if (authenticate === undefined) return handler(req, res)
    const credentials = basicCredentials(req.headers.authorization)
    if (credentials === undefined) return unauthorized(res)
    Promise.resolve()
      .then(() => authenticate(credentials[0], credentials[1]))
      .then(
        (ok) => (ok ? handler(req, res) : unauthorized(res)),
        () => unauthorized(res),
      )
  }
}

/**
 * Puts `acceptTlsClient` in front of the HTTP layer (HTTPS, or HTTP/2 with its HTTP/1.1 fallback):
 * a refused socket is closed and never parsed.
 */
export function gateTlsClients(server: TlsServer, accept: (socket: TLSSocket) => boolean): void {
  const serveHttp = server.listeners('secureConnection')
  server.removeAllListeners('secureConnection')
  server.on('secureConnection', (socket: TLSSocket) => {
    if (!accept(socket)) {
      socket.destroy()
      return
    }
    for (const listener of serveHttp) Reflect.apply(listener, server, [socket])
  })
}
