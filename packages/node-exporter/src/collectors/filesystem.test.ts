import { fileURLToPath } from 'node:url'
import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { FilesystemCollector } from './filesystem.js'
import type { StatfsFunction } from './filesystem.js'

const paths = { ...DEFAULT_PATHS, procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)) }
const FS = { bsize: 4096, blocks: 1000, bfree: 400, bavail: 300, files: 500, ffree: 200 }

function series(families: MetricFamily[], name: string): Array<[string, number | undefined]> {
  const f = families.find((x) => x.name === name)
  return (f?.metrics ?? []).map((m) => [
    `${m.labels.device} ${m.labels.mountpoint} ${m.labels.fstype}`,
    m.value,
  ])
}

/** A fake statfs: fixed answers per path, a hang for the listed paths (released by `release()`). */
function fakeStatfs(hung: string[] = []): { statfs: StatfsFunction; calls: string[]; release(): void } {
  const calls: string[] = []
  const waiting: Array<() => void> = []
  let released = false
  return {
    calls,
    release: () => {
      released = true
      waiting.splice(0).forEach((w) => w())
    },
    statfs: (path) => {
      calls.push(path)
      if (!released && hung.includes(path)) return new Promise((resolve) => waiting.push(() => resolve(FS)))
      return Promise.resolve(FS)
    },
  }
}

describe('FilesystemCollector', () => {
  it('reports mounts from /proc/1/mounts with the default excludes, unescaping spaces and dropping duplicates', async () => {
    const families = await new FilesystemCollector(paths, { statfs: fakeStatfs().statfs }).collect()
    expect(series(families, 'node_filesystem_size_bytes')).toEqual([
      ['/dev/vda / ext4', 4096000],
      ['tmpfs /run tmpfs', 4096000],
      ['/dev/vdb /mnt/my data ext4', 4096000],
      ['server:/export /mnt/nfs nfs4', 4096000],
    ])
    expect(series(families, 'node_filesystem_avail_bytes')[0]?.[1]).toBe(300 * 4096)
    expect(series(families, 'node_filesystem_free_bytes')[0]?.[1]).toBe(400 * 4096)
    expect(series(families, 'node_filesystem_files_free')[0]?.[1]).toBe(200)
    expect(series(families, 'node_filesystem_readonly').map(([, v]) => v)).toEqual([0, 0, 1, 0])
    expect(series(families, 'node_filesystem_device_error').map(([, v]) => v)).toEqual([0, 0, 0, 0])
  })

  it('takes the exclude patterns, which replace the defaults', async () => {
    const families = await new FilesystemCollector(paths, {
      statfs: fakeStatfs().statfs,
      mountPointsExclude: '^/mnt',
      fsTypesExclude: '^tmpfs$',
    }).collect()
    expect(series(families, 'node_filesystem_size_bytes').map(([k]) => k)).toEqual([
      '/dev/vda / ext4',
      'proc /proc proc',
      'sysfs /sys sysfs',
      'overlay /var/lib/docker/overlay2/abc/merged overlay',
    ])
  })

  it('marks a failing statfs as a device error without sizes', async () => {
    const statfs: StatfsFunction = (path) =>
      path === '/mnt/nfs'
        ? Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' }))
        : Promise.resolve(FS)
    const families = await new FilesystemCollector(paths, { statfs }).collect()
    expect(series(families, 'node_filesystem_device_error')).toContainEqual([
      'server:/export /mnt/nfs nfs4',
      1,
    ])
    expect(series(families, 'node_filesystem_size_bytes').map(([k]) => k)).not.toContain(
      'server:/export /mnt/nfs nfs4',
    )
  })

  it('answers despite a hung mount, skips it while stuck, and polls it again once statfs returns', async () => {
    const fake = fakeStatfs(['/mnt/nfs'])
    const c = new FilesystemCollector(paths, { statfs: fake.statfs, mountTimeoutMs: 50 })
    const started = performance.now()
    let families = await c.collect()
    expect(performance.now() - started).toBeLessThan(2000)
    expect(series(families, 'node_filesystem_device_error')).toContainEqual([
      'server:/export /mnt/nfs nfs4',
      1,
    ])
    families = await c.collect()
    expect(fake.calls.filter((p) => p === '/mnt/nfs')).toHaveLength(1)
    expect(series(families, 'node_filesystem_device_error')).toContainEqual([
      'server:/export /mnt/nfs nfs4',
      1,
    ])
    fake.release()
    await new Promise((r) => setTimeout(r, 10))
    const calls = fake.calls.length
    families = await c.collect()
    expect(fake.calls.length).toBe(calls + 4)
    expect(series(families, 'node_filesystem_device_error').map(([, v]) => v)).toEqual([0, 0, 0, 0])
  })

  it('falls back to /proc/mounts and strips the rootfs prefix', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const dir = await mkdtemp(`${tmpdir()}/fs-test-`)
    try {
      await writeFile(`${dir}/mounts`, '/dev/sda1 /host ext4 rw 0 0\n/dev/sda2 /host/data xfs rw 0 0\n')
      const fake = fakeStatfs()
      const families = await new FilesystemCollector(
        { ...DEFAULT_PATHS, procfs: dir, rootfs: '/host' },
        { statfs: fake.statfs },
      ).collect()
      expect(series(families, 'node_filesystem_size_bytes').map(([k]) => k)).toEqual([
        '/dev/sda1 / ext4',
        '/dev/sda2 /data xfs',
      ])
      expect(fake.calls).toEqual(['/host', '/host/data'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
