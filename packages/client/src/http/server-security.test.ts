import { request, type IncomingHttpHeaders } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { Registry } from '../registry.js'
import { startHttpServer, type MetricsServer } from './metrics-server.js'

function get(port: number, auth?: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = auth === undefined ? {} : { Authorization: auth }
    const req = request({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`

describe('startHttpServer security hooks', () => {
  let server: MetricsServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it.each([
    [undefined, 401],
    ['Bearer x', 401],
    [basic('alice:wrong'), 401],
    [basic('bob:right'), 401],
    [basic('alice:right'), 200],
  ])('authenticate answers %j with %i', async (auth, status) => {
    const seen: string[] = []
    server = await startHttpServer(0, {
      host: '127.0.0.1',
      registry: new Registry(),
      authenticate: async (user, password) => {
        seen.push(user)
        return user === 'alice' && password === 'right'
      },
    })
    const answer = await get(server.port, auth)
    expect(answer.status).toBe(status)
    if (status === 401) expect(answer.headers['www-authenticate']).toBe('Basic')
    if (auth?.startsWith('Basic ')) expect(seen).toHaveLength(1)
  })

  it('adds the configured headers, to 401s as well', async () => {
    server = await startHttpServer(0, {
      host: '127.0.0.1',
      registry: new Registry(),
      headers: { 'X-Frame-Options': 'deny' },
      authenticate: () => false,
    })
    const answer = await get(server.port)
    expect(answer.status).toBe(401)
    expect(answer.headers['x-frame-options']).toBe('deny')
  })
})
