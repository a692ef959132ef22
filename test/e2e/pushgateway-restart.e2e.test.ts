import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeProtobuf, encodeProtobuf } from '@watchfire/model'
import { startPushgateway } from '@watchfire/pushgateway'
import { isOwnMetric, tempDir } from './lib/pushgateway.js'

// Budget: ~3 s. A gateway with --persistence.file is stopped and started again: every group comes back and the
// pushed part of /metrics is the same byte for byte in all three formats, as is /api/v1/metrics.

const PROTOBUF =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited'
const FORMATS = ['text/plain; version=0.0.4', 'application/openmetrics-text; version=1.0.0', PROTOBUF]

const pushes: { path: string; body: string | Uint8Array; type?: string }[] = [
  { path: '/metrics/job/a', body: '# HELP c_total Count.\n# TYPE c_total counter\nc_total{k="v"} 3\n' },
  { path: '/metrics/job/a/instance/i2', body: '# TYPE c_total counter\nc_total{k="w"} 1.5e-7\n' },
  { path: '/metrics/job@base64/YS9i/path@base64/L3Zhcg==', body: 'weird{v="quote\\"s"} NaN\ninf +Inf\n' },
  {
    path: '/metrics/job/h/empty@base64/=',
    body: '# TYPE lat histogram\nlat_bucket{le="0.1"} 1\nlat_bucket{le="+Inf"} 3\nlat_sum 0.7\nlat_count 3\n',
  },
  { path: '/metrics/job/s', body: '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 4\ns_count 2\n' },
  {
    path: '/metrics/job/pb',
    type: PROTOBUF,
    body: encodeProtobuf([
      {
        name: 'pb_total',
        help: 'P.',
        type: 'counter',
        unit: '',
        metrics: [{ labels: { z: '1' }, value: 42, createdMs: 1_700_000_000_000 }],
      },
    ]),
  },
]

/** The exposition without the gateway's own families (they change between runs). */
async function pushedExposition(url: string, accept: string): Promise<Buffer> {
  const res = await fetch(`${url}/metrics`, { headers: { Accept: accept } })
  const bytes = Buffer.from(await res.arrayBuffer())
  if (accept === PROTOBUF) {
    // Keep the raw bytes of each delimited message whose family is not one of the gateway's own.
    const kept: Buffer[] = []
    for (let pos = 0; pos < bytes.length;) {
      let length = 0
      let shift = 0
      let start = pos
      for (;;) {
        const b = bytes[start++] as number
        length += (b & 0x7f) * 2 ** shift
        shift += 7
        if (b < 0x80) break
      }
      const message = bytes.subarray(pos, start + length)
      const name = decodeProtobuf(message)[0]?.name ?? ''
      if (!isOwnMetric(name)) kept.push(message)
      pos = start + length
    }
    return Buffer.concat(kept)
  }
  return Buffer.from(
    bytes
      .toString()
      .split('\n')
      .filter((line) => !isOwnMetric(line.replace(/^# (HELP|TYPE|UNIT) /, '')))
      .join('\n'),
  )
}

describe('restart with --persistence.file', () => {
  let tmp: { dir: string; remove(): Promise<void> }
  beforeAll(async () => {
    tmp = await tempDir('watchfire-pg-restart-')
  })
  afterAll(async () => {
    await tmp?.remove()
  })

  it('keeps every group, byte for byte in /metrics and /api/v1/metrics', async () => {
    const file = `${tmp.dir}/metrics.json`
    const first = await startPushgateway({ listenAddress: '127.0.0.1:0', persistenceFile: file })
    for (const push of pushes) {
      const res = await fetch(first.url + push.path, {
        method: 'PUT',
        body: push.body,
        headers: push.type ? { 'Content-Type': push.type } : {},
      })
      expect(res.status).toBe(200)
    }
    await fetch(`${first.url}/metrics/job/bad`, { method: 'PUT', body: 'ts 1 1000\n' })
    const before = await Promise.all(FORMATS.map((f) => pushedExposition(first.url, f)))
    const apiBefore = await (await fetch(`${first.url}/api/v1/metrics`)).text()
    await first.close()

    const second = await startPushgateway({ listenAddress: '127.0.0.1:0', persistenceFile: file })
    try {
      expect(second.gateway.store.size).toBe(pushes.length + 1)
      const after = await Promise.all(FORMATS.map((f) => pushedExposition(second.url, f)))
      for (const [i, bytes] of after.entries())
        expect(bytes.toString('base64')).toBe(before[i]?.toString('base64'))
      expect(await (await fetch(`${second.url}/api/v1/metrics`)).text()).toBe(apiBefore)
      expect(before[0]?.toString()).toContain('c_total{instance="i2",job="a",k="w"} ')
    } finally {
      await second.close()
    }
  })
})
