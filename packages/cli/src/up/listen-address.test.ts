import { describe, expect, it } from 'vitest'
import { parseListenAddress, reachableAddress } from './listen-address.js'

describe('parseListenAddress', () => {
  it.each([
    ['127.0.0.1:9090', '127.0.0.1', 9090],
    [':9093', '', 9093],
    ['0.0.0.0:0', '0.0.0.0', 0],
    ['[::1]:9100', '::1', 9100],
    ['localhost:3000', 'localhost', 3000],
  ])('%s is host %j port %i', (address, host, port) => {
    expect(parseListenAddress('web.listen-address', address)).toEqual({
      flag: 'web.listen-address',
      address,
      host,
      port,
    })
  })

  it.each(['9090', '127.0.0.1', '127.0.0.1:99999', '::1:9090', 'host:port', ''])(
    'refuses %j naming the flag',
    (address) => {
      expect(() => parseListenAddress('pushgateway.listen-address', address)).toThrow(
        expect.objectContaining({
          code: 'ERR_FLAG',
          message: expect.stringContaining('--pushgateway.listen-address'),
        }),
      )
    },
  )
})

describe('reachableAddress', () => {
  it.each([
    ['', 9090, '127.0.0.1:9090'],
    ['0.0.0.0', 9093, '127.0.0.1:9093'],
    ['::', 9100, '[::1]:9100'],
    ['::1', 9100, '[::1]:9100'],
    ['10.0.0.5', 9091, '10.0.0.5:9091'],
  ])('host %j port %i is reached at %s', (host, port, want) => {
    expect(reachableAddress(host, port)).toBe(want)
  })
})
