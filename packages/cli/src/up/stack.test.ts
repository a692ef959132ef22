import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { parseListenAddress } from './listen-address.js'
import { checkListenAddresses } from './port-check.js'
import { Stack } from './stack.js'

class FakePart {
  constructor(
    readonly name: string,
    private readonly closed: string[],
    private readonly failClose = false,
  ) {}
  close(): Promise<void> {
    this.closed.push(this.name)
    return this.failClose ? Promise.reject(new Error('disk full')) : Promise.resolve()
  }
}

describe('Stack', () => {
  it('closes the parts newest first', async () => {
    const closed: string[] = []
    const stack = new Stack(() => undefined)
    for (const name of ['node exporter', 'pushgateway', 'server'])
      await stack.start(name, () => Promise.resolve(new FakePart(name, closed)))
    expect(stack.names).toEqual(['node exporter', 'pushgateway', 'server'])
    expect(await stack.close()).toEqual([])
    expect(closed).toEqual(['server', 'pushgateway', 'node exporter'])
  })

  it('stops the running parts when one fails to start and names it', async () => {
    const closed: string[] = []
    const stack = new Stack(() => undefined)
    await stack.start('node exporter', () => Promise.resolve(new FakePart('node exporter', closed)))
    await stack.start('pushgateway', () => Promise.resolve(new FakePart('pushgateway', closed)))
    await expect(
      stack.start('alertmanager', () => Promise.reject(new Error('bad route'))),
    ).rejects.toMatchObject({
      code: 'ERR_UP_START',
      message: 'cannot start alertmanager (bad route); stopped node exporter, pushgateway',
    })
    expect(closed).toEqual(['pushgateway', 'node exporter'])
  })

  it('reports parts that fail to stop and still stops the others', async () => {
    const closed: string[] = []
    const stack = new Stack(() => undefined)
    await stack.start('a', () => Promise.resolve(new FakePart('a', closed)))
    await stack.start('b', () => Promise.resolve(new FakePart('b', closed, true)))
    expect(await stack.close()).toEqual(['cannot stop b (disk full)'])
    expect(closed).toEqual(['b', 'a'])
  })
})

describe('taken ports', () => {
  let holder: Server | undefined
  afterEach(async () => {
    await new Promise<void>((r) => (holder === undefined ? r() : holder.close(() => r())))
    holder = undefined
  })

  async function takePort(): Promise<number> {
    const srv = createServer()
    holder = srv
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
    const address = srv.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    return address.port
  }

  it('are reported before anything starts, with the holder and the flag', async () => {
    const port = await takePort()
    const address = parseListenAddress('alertmanager.listen-address', `127.0.0.1:${port}`)
    await expect(
      checkListenAddresses([parseListenAddress('x', '127.0.0.1:0'), address]),
    ).rejects.toMatchObject({
      code: 'ERR_LISTEN',
      message: expect.stringMatching(
        new RegExp(
          `port ${port} \\(--alertmanager\\.listen-address=127\\.0\\.0\\.1:${port}\\) is in use by pid ${process.pid} \\(.*node`,
        ),
      ),
    })
  })

  it('are explained when a part itself fails to listen', async () => {
    const port = await takePort()
    const address = parseListenAddress('pushgateway.listen-address', `127.0.0.1:${port}`)
    const stack = new Stack(() => undefined)
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' })
    await expect(
      stack.start('pushgateway', () => Promise.reject(new Error('cannot listen', { cause: inUse })), address),
    ).rejects.toMatchObject({ message: expect.stringContaining(`is in use by pid ${process.pid}`) })
  })
})
