import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Labels } from '@watchfire/model'
import { Engine } from '@watchfire/promql'
import { MemoryStorage } from '@watchfire/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebHandler, type WebDeps } from './web-handler.js'

const T0 = 1_700_000_000_000

const status: WebDeps['status'] = {
  configYaml: () => 'global: {}\n',
  flags: () => ({ 'web.listen-address': ':9090' }),
  buildInfo: () => ({
    version: 'v',
    revision: '',
    branch: '',
    buildUser: '',
    buildDate: '',
    goVersion: 'node',
  }),
  runtimeInfo: () => ({
    startTime: '2023-11-14T22:13:20Z',
    CWD: '/',
    reloadConfigSuccess: true,
    lastConfigTime: '2023-11-14T22:13:20Z',
    corruptionCount: 0,
    goroutineCount: 1,
    GOMAXPROCS: 2,
    GOGC: '',
    GODEBUG: '',
    storageRetention: '15d',
  }),
  tsdbStatus: () =>
    Promise.resolve({
      headStats: { numSeries: 2, numLabelPairs: 3, chunkCount: 2, minTime: T0, maxTime: T0 + 60_000 },
      seriesCountByMetricName: [{ name: 'm', value: 2 }],
      labelValueCountByLabelName: [],
      memoryInBytesByLabelName: [],
      seriesCountByLabelValuePair: [],
    }),
}

describe('the API v1 handler', () => {
  let server: Server
  let base: string
  let reloads = 0

  beforeAll(async () => {
    const storage = new MemoryStorage()
    const app = storage.appender()
    for (let i = 0; i <= 6; i++) {
      app.append(0, Labels.fromRecord({ __name__: 'm', job: 'a' }), T0 + i * 10_000, i)
      app.append(0, Labels.fromRecord({ __name__: 'm', job: 'b' }), T0 + i * 10_000, 10 * i)
    }
    await app.commit()
    const deps: WebDeps = {
      engine: new Engine(),
      queryable: storage,
      now: () => T0 + 60_000,
      targets: { activeTargets: () => new Map(), droppedTargets: () => new Map() },
      metadata: { metadataFor: () => new Map() },
      status,
      lifecycle: {
        enabled: false,
        reload: () => {
          reloads++
          return Promise.resolve()
        },
        quit: () => {},
      },
      isReady: () => true,
      metrics: (_req, res) => res.end('m 1\n'),
    }
    server = createServer(createWebHandler(deps))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((r) => server.close(r)))

  const get = async (path: string): Promise<[number, unknown]> => {
    const res = await fetch(base + path)
    return [res.status, await res.json()]
  }

  it.each<[string, unknown]>([
    [
      '/api/v1/query?query=m',
      {
        resultType: 'vector',
        result: [
          { metric: { __name__: 'm', job: 'a' }, value: [1700000060, '6'] },
          { metric: { __name__: 'm', job: 'b' }, value: [1700000060, '60'] },
        ],
      },
    ],
    ['/api/v1/query?query=1%2B1&time=1700000000.5', { resultType: 'scalar', result: [1700000000.5, '2'] }],
    ['/api/v1/query?query=%22s%22&time=1700000000', { resultType: 'string', result: [1700000000, 's'] }],
    [
      '/api/v1/query?query=m{job="a"}[20s]',
      {
        resultType: 'matrix',
        result: [
          {
            metric: { __name__: 'm', job: 'a' },
            values: [
              [1700000050, '5'],
              [1700000060, '6'],
            ],
          },
        ],
      },
    ],
    [
      '/api/v1/query_range?query=sum(m)&start=1700000000&end=1700000020&step=10s',
      {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [1700000000, '0'],
              [1700000010, '11'],
              [1700000020, '22'],
            ],
          },
        ],
      },
    ],
    [
      '/api/v1/series?match[]=m&match[]={job="b"}',
      [
        { __name__: 'm', job: 'a' },
        { __name__: 'm', job: 'b' },
      ],
    ],
    ['/api/v1/labels', ['__name__', 'job']],
    ['/api/v1/labels?match[]={job="a"}', ['__name__', 'job']],
    ['/api/v1/label/job/values', ['a', 'b']],
    ['/api/v1/label/nope/values', []],
    ['/api/v1/targets', { activeTargets: [], droppedTargets: [] }],
    ['/api/v1/metadata', {}],
    ['/api/v1/targets/metadata', []],
    ['/api/v1/status/config', { yaml: 'global: {}\n' }],
    ['/api/v1/status/flags', { 'web.listen-address': ':9090' }],
    ['/api/v1/status/buildinfo', expect.objectContaining({ version: 'v', goVersion: 'node' })],
    ['/api/v1/status/runtimeinfo', expect.objectContaining({ CWD: '/', storageRetention: '15d' })],
    [
      '/api/v1/status/tsdb',
      expect.objectContaining({ headStats: expect.objectContaining({ numSeries: 2 }) }),
    ],
  ])('GET %s', async (path, data) => {
    expect(await get(path)).toEqual([200, { status: 'success', data }])
  })

  it.each<[string, number, string, string]>([
    [
      '/api/v1/query?query=m%2B',
      400,
      'bad_data',
      'invalid parameter "query": 1:3: parse error: unexpected end of input',
    ],
    [
      '/api/v1/query?query=m&time=abc',
      400,
      'bad_data',
      `invalid parameter "time": Invalid time value for 'time': cannot parse "abc" to a valid timestamp`,
    ],
    [
      '/api/v1/query?query=m&timeout=x',
      400,
      'bad_data',
      'invalid parameter "timeout": cannot parse "x" to a valid duration',
    ],
    [
      '/api/v1/query?query=label_replace(m,"x","y","z","(")',
      422,
      'execution',
      'invalid regular expression in label_replace(): (',
    ],
    [
      '/api/v1/query_range?query=m',
      400,
      'bad_data',
      'invalid parameter "start": cannot parse "" to a valid timestamp',
    ],
    [
      '/api/v1/query_range?query=m&start=10&end=1&step=1',
      400,
      'bad_data',
      'invalid parameter "end": end timestamp must not be before start time',
    ],
    [
      '/api/v1/query_range?query=m&start=0&end=1&step=0',
      400,
      'bad_data',
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      '/api/v1/query_range?query=m&start=0&end=100000&step=1',
      400,
      'bad_data',
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    ],
    [
      '/api/v1/query_range?query=m[1m]&start=0&end=10&step=1',
      400,
      'bad_data',
      'invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    ],
    ['/api/v1/series', 400, 'bad_data', 'no match[] parameter provided'],
    [
      '/api/v1/series?match[]={job=~".*"}',
      400,
      'bad_data',
      'match[] must contain at least one non-empty matcher',
    ],
    ['/api/v1/label/a-b/values', 400, 'bad_data', 'invalid label name: "a-b"'],
    ['/api/v1/metadata?limit=x', 400, 'bad_data', 'limit must be a number'],
  ])('GET %s fails with %i %s', async (path, code, errorType, error) => {
    expect(await get(path)).toEqual([code, { status: 'error', errorType, error }])
  })

  it('reads POSTed forms', async () => {
    const res = await fetch(`${base}/api/v1/query`, {
      method: 'POST',
      body: new URLSearchParams({ query: 'm{job="b"}', time: '1700000010' }),
    })
    expect(await res.json()).toEqual({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [{ metric: { __name__: 'm', job: 'b' }, value: [1700000010, '10'] }],
      },
    })
  })

  it.each<[string, string, number, string]>([
    ['GET', '/-/healthy', 200, 'Prometheus Server is Healthy.\n'],
    ['GET', '/-/ready', 200, 'Prometheus Server is Ready.\n'],
    ['POST', '/-/reload', 403, 'Lifecycle API is not enabled.\n'],
    [
      'POST',
      '/api/v1/write',
      404,
      'remote write receiver needs to be enabled with --web.enable-remote-write-receiver\n',
    ],
    ['GET', '/metrics', 200, 'm 1\n'],
    ['GET', '/nope', 404, '404 page not found\n'],
    ['DELETE', '/api/v1/query', 405, 'Method Not Allowed\n'],
  ])('%s %s answers %i', async (method, path, code, text) => {
    const res = await fetch(base + path, { method })
    expect([res.status, await res.text()]).toEqual([code, text])
    expect(reloads).toBe(0)
  })
})
