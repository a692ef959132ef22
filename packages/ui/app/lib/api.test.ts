import { describe, expect, it } from 'vitest'
import { basePath } from './api.js'

describe('basePath', () => {
  it.each([
    ['/query', '/'],
    ['/', '/'],
    ['/prometheus/targets', '/prometheus/'],
    ['/a/b/status', '/a/b/'],
  ])('%s is under %s', (pathname, want) => {
    expect(basePath(pathname)).toBe(want)
  })
})
