import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Matcher } from '@watchfire/model'
import { afterEach, describe, expect, it } from 'vitest'
import { isAdminPath, serveAdmin, type AdminApi, type AdminTsdb } from './admin-api.js'

/** Records what the admin API asked of the TSDB. */
class FakeTsdb implements AdminTsdb {
  readonly dir = '/data'
  calls: string[] = []
  deleteSeries(mint: number, maxt: number, ...matchers: Matcher[]): Promise<void> {
    this.calls.push(`delete ${mint} ${maxt} ${matchers.map((m) => m.toString()).join(',')}`)
    return Promise.resolve()
  }
  cleanTombstones(): Promise<void> {
    this.calls.push('clean')
    return Promise.resolve()
  }
  snapshot(dir: string, withHead: boolean): Promise<void> {
    this.calls.push(`snapshot ${dir} ${withHead}`)
    return Promise.resolve()
  }
}

let server: Server | undefined
afterEach(() => server?.close())

async function serve(api: AdminApi | undefined): Promise<string> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    void serveAdmin(api, req, res, url, url.pathname.slice('/api/v1'.length))
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/admin/tsdb`
}

describe('admin API', () => {
  it('knows its three paths', () => {
    expect(
      ['delete_series', 'clean_tombstones', 'snapshot', 'x'].map((p) => isAdminPath(`/admin/tsdb/${p}`)),
    ).toEqual([true, true, true, false])
  })

  it.each(['delete_series?match[]=up', 'clean_tombstones', 'snapshot'])(
    'refuses %s while disabled as Prometheus 2.42 does',
    async (path) => {
      const tsdb = new FakeTsdb()
      const base = await serve({ enabled: false, tsdb })
      const res = await fetch(`${base}/${path}`, { method: 'POST' })
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({
        status: 'error',
        errorType: 'unavailable',
        error: 'admin APIs disabled',
      })
      expect(tsdb.calls).toEqual([])
    },
  )

  it.each([
    [
      'delete_series?match[]=up&match[]={job="a"}&start=1&end=2',
      'PUT',
      ['delete 1000 2000 __name__="up"', 'delete 1000 2000 job="a"'],
    ],
    [
      'delete_series?match[]=up',
      'POST',
      [`delete ${Number.MIN_SAFE_INTEGER} ${Number.MAX_SAFE_INTEGER} __name__="up"`],
    ],
    ['clean_tombstones', 'POST', ['clean']],
  ])('%s answers 204', async (path, method, calls) => {
    const tsdb = new FakeTsdb()
    const base = await serve({ enabled: true, tsdb })
    const res = await fetch(`${base}/${path}`, { method })
    expect(res.status).toBe(204)
    expect(tsdb.calls).toEqual(calls)
  })

  it.each([
    ['delete_series', 'no match[] parameter provided'],
    ['delete_series?match[]=up{', /^invalid parameter "match\[\]": /],
    [
      'delete_series?match[]=up&start=abc',
      `invalid parameter "start": Invalid time value for 'start': cannot parse "abc" to a valid timestamp`,
    ],
    [
      'snapshot?skip_head=x',
      'invalid parameter "skip_head": unable to parse boolean: strconv.ParseBool: parsing "x": invalid syntax',
    ],
  ])('%s is bad_data', async (path, message) => {
    const base = await serve({ enabled: true, tsdb: new FakeTsdb() })
    const res = await fetch(`${base}/${path}`, { method: 'POST' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { errorType: string; error: string }
    expect(body.errorType).toBe('bad_data')
    expect(body.error).toMatch(message)
  })

  it.each([
    ['snapshot', true],
    ['snapshot?skip_head=true', false],
    ['snapshot?skip_head=0', true],
  ])('%s names a snapshot under <data>/snapshots', async (path, withHead) => {
    const tsdb = new FakeTsdb()
    const base = await serve({ enabled: true, tsdb, now: () => Date.UTC(2026, 10, 26, 7, 42, 39, 123) })
    const res = await fetch(`${base}/${path}`, { method: 'POST' })
    const body = (await res.json()) as { status: string; data: { name: string } }
    expect(body.status).toBe('success')
    expect(body.data.name).toMatch(/^20261126T074239Z-[0-9a-f]{16}$/)
    expect(tsdb.calls).toEqual([`snapshot /data/snapshots/${body.data.name} ${withHead}`])
  })

  it('answers GET 405 with the allowed methods, OPTIONS 204', async () => {
    const base = await serve({ enabled: true, tsdb: new FakeTsdb() })
    const get = await fetch(`${base}/snapshot`)
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'OPTIONS, POST, PUT'])
    const options = await fetch(`${base}/snapshot`, { method: 'OPTIONS' })
    expect(options.status).toBe(204)
  })
})
