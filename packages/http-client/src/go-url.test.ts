import { describe, expect, it } from 'vitest'
import { goUrlParseError } from './go-url.js'

// Verdicts and messages of promtool 2.42 (and amtool 0.25) for `proxy_url: "<raw>"` (Go's net/url.Parse).
describe('goUrlParseError', () => {
  it.each<[string, string | undefined]>([
    ['', undefined],
    ['foo', undefined],
    ['a:b', undefined],
    ['socks5://x:1', undefined],
    ['http://u:p@proxy:3128/path?q=%zz', undefined],
    ['http://[::1]:80', undefined],
    [':bad', 'parse ":bad": missing protocol scheme'],
    ['http://a:b', 'parse "http://a:b": invalid port ":b" after host'],
    ['%zz', 'parse "%zz": invalid URL escape "%zz"'],
    ['http://x/%zz', 'parse "http://x/%zz": invalid URL escape "%zz"'],
    ['http://a b', 'parse "http://a b": invalid character " " in host name'],
    ['http://[::1', `parse "http://[::1": missing ']' in host`],
    ['1http://x', 'parse "1http://x": first path segment in URL cannot contain colon'],
    ['http://x\u0001', 'parse "http://x\\x01": net/url: invalid control character in URL'],
    ['http://u%zz@x', 'parse "http://u%zz@x": invalid URL escape "%zz"'],
  ])('%j → %s', (raw, expected) => {
    expect(goUrlParseError(raw)).toBe(expected)
  })
})
