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
})
