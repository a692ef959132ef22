import { Registry } from '@watchfire/client'
import { ProtoReader } from '@watchfire/model'
import { uncompress } from 'snappyjs'
import { describe, expect, it } from 'vitest'
import { MetadataSender } from './metadata-sender.js'
import { DEFAULT_QUEUE } from './queue-config.js'
import { RemoteWriteError } from './remote-write-client.js'
import { RemoteWriteMetrics } from './remote-write-metrics.js'
import type { WriteMetadata } from './write-request.js'

/** Family names of the MetricMetadata entries (field 3) of a compressed request. */
function families(body: Uint8Array): string[] {
  const r = new ProtoReader(uncompress(body), 'test')
  const out: string[] = []
  while (r.more()) {
    expect(r.tag()).toBe(0x1a)
    const outer = r.enter()
    while (r.more()) {
      const tag = r.tag()
      if (tag === 0x12) out.push(r.string())
      else r.skip(tag)
    }
    r.leave(outer)
  }
  return out
}

describe('MetadataSender', () => {
  it('sends distinct entries in batches and retries recoverable failures', async () => {
    const registry = new Registry()
    const bodies: Uint8Array[] = []
    let calls = 0
    const entry = (family: string): WriteMetadata => ({ family, type: 'counter', help: 'h', unit: '' })
    const sender = new MetadataSender({
      source: () => [entry('a'), entry('b'), entry('a'), entry('c')],
      send: (body) => {
        calls++
        if (calls === 1) return Promise.reject(new RemoteWriteError('down', true))
        bodies.push(body)
        return Promise.resolve()
      },
      settings: { ...DEFAULT_QUEUE, maxMetadataPerSend: 2, minBackoffMs: 1 },
      metrics: new RemoteWriteMetrics(registry).forQueue('q', 'http://x'),
      log: () => undefined,
    })
    await sender.sendAll()
    expect(bodies.map(families)).toEqual([['a', 'b'], ['c']])
    const text = await registry.metrics()
    expect(text).toContain('prometheus_remote_storage_metadata_total{remote_name="q",url="http://x"} 3')
    expect(text).toContain(
      'prometheus_remote_storage_metadata_retried_total{remote_name="q",url="http://x"} 2',
    )
    await sender.stop()
  })
})
