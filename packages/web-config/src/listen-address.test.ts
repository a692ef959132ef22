import { afterEach, describe, expect, it } from 'vitest'
import { createWebServer, type WebServer } from './create-web-server.js'
import { listenWebServer, parseListenAddress } from './listen-address.js'

describe('parseListenAddress', () => {
  it.each([
    [':9091', undefined, 9091],
    ['127.0.0.1:0', '127.0.0.1', 0],
    ['[::1]:9091', '::1', 9091],
    ['localhost:80', 'localhost', 80],
  ])('%s', (address, host, port) => expect(parseListenAddress(address, 'ERR_X')).toEqual({ host, port }))

  it.each(['9091', 'host', 'host:port', '::1:9091'])("refuses %s with the caller's code", (address) => {
    expect(() => parseListenAddress(address, 'ERR_X_LISTEN')).toThrow(
      expect.objectContaining({
        code: 'ERR_X_LISTEN',
        message: `cannot listen (address ${JSON.stringify(address)} is not host:port)`,
      }),
    )
  })
})

describe('listenWebServer', () => {
  const running: WebServer[] = []
  afterEach(async () => {
    for (const { server } of running.splice(0))
      await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const make = (): WebServer => {
    const web = createWebServer((_req, res) => res.end('ok'))
    running.push(web)
    return web
  }

  it.each([
    ['127.0.0.1', 'http://127.0.0.1:'],
    [undefined, 'http://127.0.0.1:'],
    ['0.0.0.0', 'http://127.0.0.1:'],
    ['localhost', 'http://localhost:'],
  ])('binds %s and prints %sPORT', async (host, prefix) => {
    const { server, scheme } = make()
    const bound = await listenWebServer(server, scheme, { host, port: 0 }, { code: 'ERR_X', address: ':0' })
    expect(bound.port).toBeGreaterThan(0)
    expect(bound.url).toBe(`${prefix}${bound.port}`)
    expect(await (await fetch(`http://127.0.0.1:${bound.port}/`)).text()).toBe('ok')
  })

  it("reports an address in use with the caller's code, naming the address", async () => {
    const first = make()
    const { port } = await listenWebServer(
      first.server,
      'http',
      { host: '127.0.0.1', port: 0 },
      { code: 'E', address: 'x' },
    )
    const second = make()
    await expect(
      listenWebServer(
        second.server,
        'http',
        { host: '127.0.0.1', port },
        { code: 'ERR_X_LISTEN', address: `127.0.0.1:${port}` },
      ),
    ).rejects.toMatchObject({
      code: 'ERR_X_LISTEN',
      message: expect.stringMatching(new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port} \\(.*EADDRINUSE`)),
    })
  })
})
