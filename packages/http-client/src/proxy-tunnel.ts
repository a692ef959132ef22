import { request } from 'node:http'
import type { Socket } from 'node:net'

/** The Proxy-Authorization header for a proxy URL with userinfo, as Go's transport sends it. */
export function proxyAuthorization(proxy: URL): Record<string, string> {
  if (proxy.username === '' && proxy.password === '') return {}
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
  return { 'Proxy-Authorization': `Basic ${Buffer.from(user).toString('base64')}` }
}

/**
 * Opens a tunnel to `host:port` through an HTTP proxy with CONNECT (how HTTPS goes through a
 * proxy); resolves with the raw socket once the proxy answers 200. The CONNECT carries Go's
 * User-Agent, as Prometheus's and Alertmanager's do, unless `headers` (proxy_connect_header) set one.
 */
export function connectTunnel(
  proxy: URL,
  host: string,
  port: number,
  headers: Record<string, string | string[]>,
  signal: AbortSignal,
): Promise<Socket> {
  if (proxy.protocol !== 'http:')
    return Promise.reject(
      new Error(`cannot use proxy ${proxy.protocol}//${proxy.host} (only http:// proxies are supported)`),
    )
  return new Promise((resolve, reject) => {
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`
    const req = request({
      host: proxy.hostname,
      port: proxy.port === '' ? 80 : Number(proxy.port),
      method: 'CONNECT',
      path: authority,
      headers: {
        Host: authority,
        'User-Agent': 'Go-http-client/1.1',
        ...headers,
        ...proxyAuthorization(proxy),
      },
      signal,
      agent: false,
    })
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket)
      else {
        socket.destroy()
        reject(
          new Error(
            `proxyconnect tcp: proxy answered ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim(),
          ),
        )
      }
    })
    req.once('response', (res) => {
      res.resume()
      reject(new Error(`proxyconnect tcp: proxy answered ${res.statusCode ?? 0}`))
    })
    req.once('error', reject)
    req.end()
  })
}
