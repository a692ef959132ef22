import { describe, expect, it } from 'vitest'
import { parseListenAddress } from './listen-address.js'

describe('parseListenAddress', () => {
  it.each([
    [':9091', undefined, 9091],
    ['127.0.0.1:0', '127.0.0.1', 0],
    ['[::1]:9091', '::1', 9091],
    ['localhost:80', 'localhost', 80],
  ])('%s', (address, host, port) => expect(parseListenAddress(address)).toEqual({ host, port }))

  it.each(['9091', 'host', 'host:port', '::1:9091'])('refuses %s', (address) => {
    expect(() => parseListenAddress(address)).toThrow(
      expect.objectContaining({ code: 'ERR_PUSHGATEWAY_LISTEN' }),
    )
  })
})
