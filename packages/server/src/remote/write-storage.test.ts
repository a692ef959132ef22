import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from '@watchfire/client'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { RemoteWriteStorage } from './write-storage.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const config = (...entries: string[]): ReturnType<typeof parseConfig> =>
  parseConfig(`remote_write:\n${entries.map((e) => `  - ${e}\n`).join('')}`)

describe('RemoteWriteStorage', () => {
  it('keeps unchanged queues on reload, restarts changed ones and removes dropped ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-rws-'))
    dirs.push(dir)
    const registry = new Registry()
    const storage = new RemoteWriteStorage({
      walDir: join(dir, 'wal'),
      stateDir: join(dir, 'remote-write'),
      registry,
      log: () => undefined,
    })
    const a = '{ url: "http://127.0.0.1:1/a", name: a }'
    const b = '{ url: "http://127.0.0.1:1/b", name: b }'
    await storage.applyConfig(config(a, b))
    const first = storage.running
    expect([...first.keys()]).toEqual(['a', 'b'])
    await storage.applyConfig(config(a, '{ url: "http://127.0.0.1:1/b", name: b, remote_timeout: 5s }'))
    expect(storage.running.get('a')).toBe(first.get('a'))
    expect(storage.running.get('b')).not.toBe(first.get('b'))
    expect(await registry.metrics()).toContain('prometheus_remote_storage_shards{remote_name="b"')
    await storage.applyConfig(config(a))
    expect([...storage.running.keys()]).toEqual(['a'])
    const text = await registry.metrics()
    expect(text).toContain('prometheus_remote_storage_shards{remote_name="a"')
    expect(text).not.toContain('prometheus_remote_storage_shards{remote_name="b"')
    await storage.stop()
  })
})
