import { describe, expect, it } from 'vitest'
import { addToHistory, loadHistory, saveHistory } from './history.js'

class MemoryStorage {
  items = new Map<string, string>()
  getItem(k: string): string | null {
    return this.items.get(k) ?? null
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v)
  }
}

describe('addToHistory', () => {
  it.each([
    ['adds to the front', ['a', 'b'], 'c', ['c', 'a', 'b']],
    ['moves a repeat to the front', ['a', 'b', 'c'], 'c', ['c', 'a', 'b']],
    ['trims and ignores blanks', ['a'], '   ', ['a']],
    ['trims what it stores', [], ' up ', ['up']],
  ])('%s', (_name, history, expr, want) => {
    expect(addToHistory(history, expr)).toEqual(want)
  })

  it('keeps at most 50 entries', () => {
    let h: string[] = []
    for (let i = 0; i < 60; i++) h = addToHistory(h, `q${i}`)
    expect(h).toHaveLength(50)
    expect(h[0]).toBe('q59')
  })
})

describe('loadHistory and saveHistory', () => {
  it('round-trips through storage', () => {
    const s = new MemoryStorage()
    saveHistory(s, ['up', 'rate(x[5m])'])
    expect(loadHistory(s)).toEqual(['up', 'rate(x[5m])'])
  })

  it.each(['not json', '{"a":1}', '[1,"up",null]'])('survives a stored %j', (raw) => {
    const s = new MemoryStorage()
    s.setItem('watchfire.queryHistory', raw)
    expect(loadHistory(s)).toEqual(raw.startsWith('[') ? ['up'] : [])
  })

  it('works without storage', () => {
    expect(loadHistory(undefined)).toEqual([])
    expect(() => saveHistory(undefined, ['x'])).not.toThrow()
  })
})
