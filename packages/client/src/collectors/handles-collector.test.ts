import { createServer } from 'node:net'
import type { Server } from 'node:net'
import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it, vi } from 'vitest'
import { HandlesCollector } from './handles-collector.js'

function family(families: MetricFamily[], name: string): MetricFamily {
  const f = families.find((x) => x.name === name)
  if (f === undefined) throw new Error(`no ${name} in ${families.map((x) => x.name).join(', ')}`)
  return f
}

describe('HandlesCollector', () => {
  const serverCount = (): number =>
    family(new HandlesCollector().collect(), 'nodejs_active_handles').metrics.find(
      (m) => m.labels.type === 'Server',
    )?.value ?? 0

  // 'close' is emitted before libuv has released the handle; it goes a few loop turns later.
  const closeAndRelease = async (server: Server, expected: number): Promise<void> => {
    await new Promise((resolve) => server.close(resolve))
    await vi.waitFor(() => expect(serverCount()).toBe(expected), { timeout: 1000, interval: 5 })
  }

  it('counts handles by type without _total names', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const families = new HandlesCollector().collect()
      expect(families.map((f) => f.name)).toEqual([
        'nodejs_active_handles',
        'nodejs_active_requests',
        'nodejs_active_resources',
      ])
      const handles = family(families, 'nodejs_active_handles')
      expect(handles.metrics.find((m) => m.labels.type === 'Server')?.value).toBeGreaterThanOrEqual(1)
      const resources = family(families, 'nodejs_active_resources')
      expect(resources.metrics.find((m) => m.labels.type === 'TCPServerWrap')?.value).toBeGreaterThanOrEqual(
        1,
      )
      for (const f of families) expect(f.type).toBe('gauge')
    } finally {
      await closeAndRelease(server, 0)
    }
  })

  it('sees a handle go away', async () => {
    const before = serverCount()
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    expect(serverCount()).toBe(before + 1)
    await closeAndRelease(server, before)
  })
})
