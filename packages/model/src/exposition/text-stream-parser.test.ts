import { describe, expect, it } from 'vitest'
import { TextStreamParser } from './text-stream-parser.js'

describe('TextStreamParser', () => {
  it('yields help, type, comments and series, skipping blank lines', () => {
    const p = new TextStreamParser(
      '\n# HELP a The a.\n  \n# TYPE a untyped\n# just a note\na{x="1"} 2 1000\na 3',
    )
    const seen: unknown[] = []
    for (let kind = p.next(); kind !== null; kind = p.next()) {
      if (kind === 'series') seen.push([kind, p.line, p.metricName, p.labelRecord(), p.value, p.timestampMs])
      else if (kind === 'help') seen.push([kind, p.line, p.metricName, p.help])
      else if (kind === 'type') seen.push([kind, p.line, p.metricName, p.type])
      else seen.push([kind, p.line, p.comment])
    }
    expect(seen).toEqual([
      ['help', 2, 'a', 'The a.'],
      ['type', 4, 'a', 'unknown'],
      ['comment', 5, ' just a note'],
      ['series', 6, 'a', { x: '1' }, 2, 1000],
      ['series', 7, 'a', {}, 3, undefined],
    ])
  })

  it.each([
    ['a{x="1", y="2"}  1 5', 'a{x="1", y="2"}'],
    ['a 1', 'a'],
    ['a\t1', 'a'],
  ])('gives the series part of %j as written', (line, series) => {
    const p = new TextStreamParser(`${line}\n`)
    expect(p.next()).toBe('series')
    expect(p.seriesText).toBe(series)
  })

  it('reuses its label arrays between series', () => {
    const p = new TextStreamParser('a{x="1",y="2"} 1\nb{z="3"} 1\n')
    p.next()
    const names = p.labelNames
    p.next()
    expect(p.labelNames).toBe(names)
    expect(p.labelCount).toBe(1)
    expect(p.labelNames[0]).toBe('z')
  })

  it('keeps a label named __proto__ as an ordinary label', () => {
    const p = new TextStreamParser('a{__proto__="x"} 1\n')
    p.next()
    const record = p.labelRecord()
    expect(Object.keys(record)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
  })

  /** Every entry of `input` as data, or the error it ends with; with deferral, labels are read on demand. */
  function readAll(input: string, deferLabels: boolean): unknown[] {
    const p = new TextStreamParser(input, { deferLabels })
    const out: unknown[] = []
    try {
      for (let kind = p.next(); kind !== null; kind = p.next()) {
        if (kind !== 'series') continue
        const text = p.seriesText
        p.parseLabels()
        out.push([p.metricName, p.labelRecord(), p.value, p.timestampMs, text, p.seriesTextIs(text)])
      }
    } catch (err) {
      out.push(String(err))
    }
    return out
  }

  it.each([
    'a{x="1",y="2"} 1 5\nb 2\nc{} 3\n',
    'a{x="a}b",y="q\\"\\\\"} 1.5\n',
    'a{ x = "1" , } 1\n',
    'a{x="1",x="2"} 1\n',
    'a{x="1"} nope\n',
    'a{x="1",x="2"} nope\n',
    'a{1x="1"} 1\n',
    'a{x="1} 1\n',
    'a{x="1\\\n"} 1\n',
    'a{x="1"}1\n',
    'a{x="1"} 1 1.5\n',
    'a 1 2 3\n',
    '9a 1\n',
    'a{x="1"\n',
    'a -0.25\nb +12.\nc .5\nd 1e3\ne 0x1\n',
    'a 1234567890123456\nb 123456789012345\nc -Inf\nd NaN\n',
  ])('reads %j the same with labels deferred', (input) => {
    expect(readAll(input, true)).toEqual(readAll(input, false))
  })

  it.each<[string, number | string]>([
    ['-0.25', -0.25],
    ['+12.', 12],
    ['.5', 0.5],
    ['0.1', 0.1],
    ['123456789012345', 123456789012345],
    ['1234567890.12345', 1234567890.12345],
    ['9007199254740993', 9007199254740992],
    ['-0', '-0'],
  ])('parses the value %s as Number() does', (token, want) => {
    const p = new TextStreamParser(`a ${token}\n`)
    p.next()
    if (want === '-0') expect(Object.is(p.value, -0)).toBe(true)
    else expect(p.value).toBe(want)
  })
})
