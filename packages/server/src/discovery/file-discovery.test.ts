import { mkdtemp, rm, writeFile, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileDiscovery } from './file-discovery.js'
import type { TargetGroup } from './target-group.js'

describe('FileDiscovery', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-file-sd-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads JSON and YAML files matching the patterns, labelled with __meta_filepath', async () => {
    await writeFile(
      join(dir, 'a.json'),
      JSON.stringify([{ targets: ['a:1', 'b:2'], labels: { env: 'prod' } }]),
    )
    await writeFile(join(dir, 'b.yml'), '- targets: ["c:3"]\n')
    await writeFile(join(dir, 'ignored.txt'), 'x')
    const sd = new FileDiscovery({
      files: [join(dir, '*.json'), join(dir, 'b.yml')],
      refreshIntervalMs: 60_000,
    })
    expect(await sd.refresh()).toEqual([
      {
        source: `${join(dir, 'a.json')}:0`,
        targets: [{ __address__: 'a:1' }, { __address__: 'b:2' }],
        labels: { env: 'prod', __meta_filepath: join(dir, 'a.json') },
      },
      {
        source: `${join(dir, 'b.yml')}:0`,
        targets: [{ __address__: 'c:3' }],
        labels: { __meta_filepath: join(dir, 'b.yml') },
      },
    ])
  })

  it('withdraws the groups of a file that shrinks or disappears, and keeps them when it is broken', async () => {
    const file = join(dir, 't.json')
    const logs: string[] = []
    await writeFile(file, JSON.stringify([{ targets: ['a:1'] }, { targets: ['b:1'] }]))
    const sd = new FileDiscovery({ files: [join(dir, '*.json')], refreshIntervalMs: 60_000 }, (m) =>
      logs.push(m),
    )
    await sd.refresh()
    await writeFile(file, JSON.stringify([{ targets: ['a:1'] }]))
    expect((await sd.refresh()).map((g) => [g.source, g.targets.length])).toEqual([
      [`${file}:0`, 1],
      [`${file}:1`, 0],
    ])
    await writeFile(file, '{not json')
    expect(await sd.refresh()).toEqual([])
    expect(logs[0]).toContain('cannot read file SD file')
    await unlink(file)
    expect((await sd.refresh()).map((g) => [g.source, g.targets.length])).toEqual([[`${file}:0`, 0]])
  })

  it('notices a changed file through the directory watch', async () => {
    const file = join(dir, 't.json')
    await writeFile(file, JSON.stringify([{ targets: ['a:1'] }]))
    const sd = new FileDiscovery({ files: [file], refreshIntervalMs: 60_000 })
    const controller = new AbortController()
    const updates: TargetGroup[][] = []
    const running = sd.run(controller.signal, (groups) => updates.push(groups))
    await expect.poll(() => updates.length).toBe(1)
    await writeFile(file, JSON.stringify([{ targets: ['b:2'] }]))
    await expect.poll(() => updates.at(-1)?.[0]?.targets, { timeout: 3000 }).toEqual([{ __address__: 'b:2' }])
    controller.abort()
    await running
  })
})
