import { describe, expect, it } from 'vitest'
import { fingerprint, formatLabelSet } from './fingerprint.js'
import { parseMatchers } from './matcher.js'

describe('matchers', () => {
  it.each([
    ['{foo = "bar", dings != "bums", }', ['foo="bar"', 'dings!="bums"']],
    ['foo=bar,dings!=bums', ['foo="bar"', 'dings!="bums"']],
    ['{quote="She said: \\"Hi, ladies!\\""}', ['quote="She said: \\"Hi, ladies!\\""']],
    ['statuscode=~"5.."', ['statuscode=~"5.."']],
  ])('parses %s', (text, expected) => {
    expect(parseMatchers(text).map(String)).toEqual(expected)
  })

  it.each(['a b', 'a="b', '="x"', 'a="b"c"'])('rejects %s', (text) => {
    expect(() => parseMatchers(text)).toThrow()
  })

  it('uses Go regex semantics: . does not match a newline', () => {
    const [m] = parseMatchers('a=~"x.y"')
    expect(m?.matches('x-y')).toBe(true)
    expect(m?.matches('x\ny')).toBe(false)
  })
})

describe('fingerprint', () => {
  it('is FNV-1a 64 of the sorted label pairs, as Prometheus computes it', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325')
    // The same label set in any key order has the same fingerprint.
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }))
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }))
  })

  /** The definition, slowly: BigInt arithmetic over TextEncoder's bytes. */
  function reference(labels: Record<string, string>): string {
    let h = 0xcbf29ce484222325n
    const bytes: number[] = []
    for (const n of Object.keys(labels).sort())
      bytes.push(...new TextEncoder().encode(n), 0xff, ...new TextEncoder().encode(labels[n]), 0xff)
    for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn
    return h.toString(16).padStart(16, '0')
  }

  it.each([
    [{ alertname: 'DiskFull', instance: 'host-1:9100' }],
    [{ a: '' }],
    [{ é: 'ünïcödé', z: '日本語' }],
    [{ emoji: '🔥 fire 🔥', job: 'x' }],
    [{ lone: 'a\ud800b', other: '\udc00' }],
    [{ edge: '\u007f\u0080\u07ff\u0800\uffff' }],
  ])('matches the byte-wise definition for %j', (labels) => {
    expect(fingerprint(labels)).toBe(reference(labels))
  })

  it('formats label sets as group keys show them', () => {
    expect(formatLabelSet({ b: '2', a: 'x"y' })).toBe('{a="x\\"y", b="2"}')
  })
})
