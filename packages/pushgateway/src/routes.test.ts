import { describe, expect, it } from 'vitest'
import { cleanPath, route } from './routes.js'

describe('cleanPath', () => {
  it.each([
    ['/metrics', '/metrics'],
    ['/metrics/job/a/', '/metrics/job/a/'],
    ['/metrics//job/a', '/metrics/job/a'],
    ['/metrics/job/./a', '/metrics/job/a'],
    ['/metrics/job/a/../b', '/metrics/job/b'],
    ['', '/'],
  ])('%s → %s', (path, clean) => expect(cleanPath(path)).toBe(clean))
})

describe('route', () => {
  it.each([
    ['/metrics', '', 'GET', 'telemetry'],
    ['/metrics/job/a', '', 'PUT', 'push'],
    ['/metrics/job@base64/YQ', '', 'DELETE', 'push'],
    ['/-/healthy', '', 'GET', 'healthy'],
    ['/-/ready', '', 'GET', 'ready'],
    ['/-/quit', '', 'PUT', 'quit'],
    ['/-/quit', '/pg', 'GET', 'quit-unprefixed'],
    ['/', '', 'GET', 'status'],
    ['/status', '', 'GET', 'status'],
    ['/api/v1/status', '', 'GET', 'api-status'],
    ['/api/v1/metrics', '', 'GET', 'api-metrics'],
    ['/api/v1/admin/wipe', '', 'PUT', 'api-wipe'],
    ['/api/v1/anything', '', 'OPTIONS', 'api-options'],
    ['/api/v1/nothing', '', 'GET', 'not-found'],
    ['/pg/metrics/job/a', '/pg', 'PUT', 'push'],
    ['/pg/metrics', '/pg', 'GET', 'telemetry'],
    ['/pg/api/v1/metrics', '/pg', 'GET', 'api-metrics'],
    ['/metrics/job/a', '/pg', 'PUT', 'not-found'],
    ['/pgx/metrics', '/pg', 'GET', 'not-found'],
    ['/nope', '', 'GET', 'not-found'],
  ])('%s (prefix %s, %s) → %s', (path, prefix, method, kind) => {
    expect(route(path, prefix, '/metrics', method).kind).toBe(kind)
  })

  it('routes a custom telemetry path and passes the group path on', () => {
    expect(route('/pg/telemetry', '/pg', '/telemetry', 'GET').kind).toBe('telemetry')
    expect(route('/metrics/job/a/b/c', '', '/metrics', 'PUT')).toEqual({
      kind: 'push',
      groupPath: '/job/a/b/c',
    })
  })
})
