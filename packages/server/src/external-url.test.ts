import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { computeExternalURL, ExternalUrlError } from './external-url.js'

describe('computeExternalURL', () => {
  it.each([
    [undefined, '0.0.0.0:9090', `http://${hostname()}:9090`],
    ['', '127.0.0.1:9191', `http://${hostname()}:9191`],
    ['http://prom.example.com:9090/', '0.0.0.0:9090', 'http://prom.example.com:9090'],
    ['https://example.com/prometheus/', '0.0.0.0:9090', 'https://example.com/prometheus'],
    ['http://example.com/a/b', '0.0.0.0:9090', 'http://example.com/a/b'],
  ])('%s with listen address %s is %s', (flag, listen, want) => {
    expect(computeExternalURL(flag, listen)).toBe(want)
  })

  it.each(['"http://example.com"', "http://example.com'", 'not a url'])('rejects %s', (flag) => {
    expect(() => computeExternalURL(flag, '0.0.0.0:9090')).toThrow(ExternalUrlError)
  })
})
