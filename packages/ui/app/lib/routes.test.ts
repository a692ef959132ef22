import { describe, expect, it } from 'vitest'
import { pageFromPath } from './routes.js'

describe('pageFromPath', () => {
  it.each([
    ['/query', '/', 'query'],
    ['/graph', '/', 'query'],
    ['/', '/', 'query'],
    ['/targets', '/', 'targets'],
    ['/prom/tsdb-status', '/prom/', 'tsdb-status'],
    ['/prom/service-discovery/', '/prom/', 'service-discovery'],
    ['/nope', '/', null],
  ])('%s under %s is %s', (path, base, want) => {
    expect(pageFromPath(path, base)).toBe(want)
  })
})
