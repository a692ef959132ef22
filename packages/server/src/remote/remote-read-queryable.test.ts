import { Labels, Matcher } from '@watchfire/model'
import {
  MemoryStorage,
  ValueType,
  type PlannedSelect,
  type Queryable,
  type SeriesSet,
} from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import type { WriteSeries } from '../web/remote-write-decode.js'
import type { ReadClient } from './remote-read-client.js'
import { RemoteReadError } from './read-error.js'
import type { ReadQuery } from './read-proto.js'
import { RemoteReadQueryable, type RemoteReadQueryableOptions } from './remote-read-queryable.js'
import { RemoteReadStorage } from './remote-read-storage.js'

/** A remote store holding fixed series; records the queries it was sent. */
class FakeRemote implements ReadClient {
  readonly queries: ReadQuery[] = []
  failWith: Error | undefined
  constructor(private readonly series: WriteSeries[]) {}

  read(query: ReadQuery): Promise<WriteSeries[]> {
    this.queries.push(query)
    if (this.failWith !== undefined) return Promise.reject(this.failWith)
    return Promise.resolve(
      this.series.filter((s) => query.matchers.every((m) => m.matches(s.labels.get(m.name)))),
    )
  }
}

const remoteSeries = (labels: Record<string, string>, samples: [number, number][]): WriteSeries => ({
  labels: Labels.fromRecord(labels),
  timestamps: samples.map(([t]) => t),
  values: samples.map(([, v]) => v),
  histograms: [],
})

function queryable(remote: FakeRemote, o: Partial<RemoteReadQueryableOptions> = {}): RemoteReadQueryable {
  return new RemoteReadQueryable({
    client: remote,
    name: 'fake',
    externalLabels: Labels.EMPTY,
    requiredMatchers: Labels.EMPTY,
    readRecent: true,
    localStartTime: () => 0,
    ...o,
  })
}

function read(set: SeriesSet): string[] {
  const out: string[] = []
  while (set.next()) {
    const s = set.at()
    const it = s.iterator()
    const samples: string[] = []
    while (it.next() === ValueType.Float) samples.push(`${it.atT()}:${it.atF()}`)
    out.push(`${s.labels.toString()} ${samples.join(' ')}`)
  }
  return out
}

async function select(q: Queryable, mint: number, maxt: number, matchers: Matcher[]): Promise<SeriesSet> {
  const planned: PlannedSelect[] = [{ hints: undefined, matchers }]
  const querier = await q.querier(mint, maxt, planned)
  return querier.select(true, undefined, ...matchers)
}

const UP = [new Matcher('=', '__name__', 'up')]

describe('RemoteReadQueryable', () => {
  it.each([
    ['asks for the whole range with read_recent', true, 100, 0, 5_000, [0, 5_000]],
    ['cuts the range at the local start time without it', false, 1_000, 0, 5_000, [0, 1_000]],
    ['skips a range the local storage holds', false, 1_000, 2_000, 5_000, undefined],
  ])('%s', async (_name, readRecent, localStart, mint, maxt, sent) => {
    const remote = new FakeRemote([remoteSeries({ __name__: 'up' }, [[500, 1]])])
    await select(queryable(remote, { readRecent, localStartTime: () => localStart }), mint, maxt, UP)
    expect(
      remote.queries[0] === undefined ? undefined : [remote.queries[0].startMs, remote.queries[0].endMs],
    ).toEqual(sent)
  })

  it.each([
    ['without the required matcher', UP, 0],
    ['with it', [...UP, new Matcher('=', 'env', 'prod')], 1],
    ['with a regex on the label instead', [...UP, new Matcher('=~', 'env', 'prod')], 0],
  ])('asks a remote with required_matchers only for selects %s', async (_name, matchers, asked) => {
    const remote = new FakeRemote([])
    await select(queryable(remote, { requiredMatchers: Labels.fromRecord({ env: 'prod' }) }), 0, 10, matchers)
    expect(remote.queries).toHaveLength(asked)
  })

  it('sends external labels as matchers and strips them from results, unless the select names them', async () => {
    const remote = new FakeRemote([
      remoteSeries({ __name__: 'up', site: 'a', job: 'j' }, [[1, 1]]),
      remoteSeries({ __name__: 'up', site: 'b', job: 'j' }, [[1, 2]]),
    ])
    const q = queryable(remote, { externalLabels: Labels.fromRecord({ site: 'a' }) })
    expect(read(await select(q, 0, 10, UP))).toEqual(['{__name__="up", job="j"} 1:1'])
    expect(remote.queries[0]?.matchers.map(String)).toEqual(['__name__="up"', 'site="a"'])
    expect(read(await select(q, 0, 10, [...UP, new Matcher('=', 'site', 'b')]))).toEqual([
      '{__name__="up", job="j", site="b"} 1:2',
    ])
  })

  it('turns a failed read into a warning', async () => {
    const remote = new FakeRemote([])
    remote.failWith = new RemoteReadError('connection refused')
    const set = await select(queryable(remote), 0, 10, UP)
    expect(set.next()).toBe(false)
    expect(set.err()).toBeUndefined()
    expect(set.warnings()).toEqual(['remote_read fake: connection refused'])
  })

  it('answers selects it was not told about with nothing', async () => {
    const remote = new FakeRemote([remoteSeries({ __name__: 'up' }, [[1, 1]])])
    const querier = await queryable(remote).querier(0, 10)
    expect(querier.select(true, undefined, ...UP).next()).toBe(false)
    expect(remote.queries).toHaveLength(0)
  })
})

describe('RemoteReadStorage', () => {
  it('merges remote data under local data, local winning on equal timestamps, and follows reloads', async () => {
    const local = new MemoryStorage()
    const app = local.appender()
    app.append(0, Labels.fromRecord({ __name__: 'up', job: 'j' }), 2_000, 10)
    app.append(0, Labels.fromRecord({ __name__: 'up', job: 'j' }), 3_000, 11)
    await app.commit()
    const remote = new FakeRemote([
      remoteSeries({ __name__: 'up', job: 'j' }, [
        [1_000, 1],
        [2_000, 2],
      ]),
      remoteSeries({ __name__: 'up', job: 'only-remote' }, [[1_000, 5]]),
    ])
    const storage = new RemoteReadStorage(local, { localStartTime: () => Infinity, clientFor: () => remote })
    storage.applyConfig(parseConfig('remote_read: [{ url: "http://remote/api/v1/read" }]'))
    expect(read(await select(storage, 0, 5_000, UP))).toEqual([
      '{__name__="up", job="j"} 1000:1 2000:10 3000:11',
      '{__name__="up", job="only-remote"} 1000:5',
    ])
    storage.applyConfig(parseConfig(''))
    expect(read(await select(storage, 0, 5_000, UP))).toEqual(['{__name__="up", job="j"} 2000:10 3000:11'])
  })
})
