import { describe, expect, it } from 'vitest'
import { allVisible, legendClick } from './legend.js'

const T = true
const F = false

describe('legendClick', () => {
  it.each([
    ['isolates the clicked series', [T, T, T], 1, false, [F, T, F]],
    ['shows all again when the isolated series is clicked', [F, T, F], 1, false, [T, T, T]],
    ['moves isolation to another series', [F, T, F], 2, false, [F, F, T]],
    ['isolates a hidden series', [T, F, T], 1, false, [F, T, F]],
    ['toggles one series off with a modifier', [T, T, T], 0, true, [F, T, T]],
    ['toggles one series on with a modifier', [F, T, F], 2, true, [F, T, T]],
    ['ignores an index out of range', [T, F], 5, false, [T, F]],
  ])('%s', (_name, visible, index, toggle, want) => {
    expect(legendClick(visible, index, toggle)).toEqual(want)
  })

  it('a single series stays visible when clicked twice', () => {
    expect(legendClick(legendClick(allVisible(1), 0, false), 0, false)).toEqual([true])
  })
})
