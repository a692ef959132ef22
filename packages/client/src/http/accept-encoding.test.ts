import { describe, expect, it } from 'vitest'
import { acceptsGzip } from './accept-encoding.js'

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['deflate, gzip;q=1.0, *;q=0.5', true],
    ['br, deflate', false],
    ['gzip;q=0', false],
    ['gzip; q=0.001', true],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['identity', false],
    ['gzip;q=abc', false],
  ])('%j -> %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
  })
})
