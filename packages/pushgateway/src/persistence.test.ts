import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeProtobuf, parseText } from '@watchfire/model'
import { parseGroupingPath } from './grouping-key.js'
import { decodeSnapshot, encodeSnapshot, loadSnapshot, writeFileAtomic } from './persistence.js'
import { MetricStore } from './store.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-persist-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function sampleStore(): MetricStore {
  const store = new MetricStore()
  const text =
    '# HELP a A.\n# TYPE a counter\na{k="v"} NaN\nb +Inf\nc 0.1\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1.5\nh_count 2\n'
  store.commit(
    store.planPush(
      parseGroupingPath('/job/z/e@base64/='),
      new Map(parseText(text).map((f) => [f.name, f])),
      true,
      1_700_000_000_123,
    ),
  )
  store.commit(
    store.planPush(
      parseGroupingPath('/job/a'),
      new Map(parseText('x 1\n').map((f) => [f.name, f])),
      true,
      1_700_000_001_000,
    ),
  )
  return store
}

describe('snapshot encoding', () => {
  it('round-trips groups in order with their families, values and timestamps', () => {
    const store = sampleStore()
    const groups = decodeSnapshot(encodeSnapshot(store.all()))
    const original = [...store.all()]
    expect(groups.map((g) => g.labels)).toEqual(original.map((g) => g.labels))
    for (const [i, g] of groups.entries()) {
      const o = original[i]
      expect(g.key).toBe(o?.key)
      expect([...g.families.keys()]).toEqual([...(o?.families.keys() ?? [])])
      for (const [name, stored] of g.families) {
        expect(stored.timestampMs).toBe(o?.families.get(name)?.timestampMs)
        expect(encodeProtobuf([stored.family])).toEqual(
          encodeProtobuf([o?.families.get(name)?.family ?? stored.family]),
        )
      }
    }
  })

  it.each([
    ['not JSON', 'garbage'],
    ['another format', '{"format":"other","groups":[]}'],
    ['a group without job', '{"format":"watchfire-pushgateway/v1","groups":[{"labels":{},"families":[]}]}'],
    [
      'a broken family',
      '{"format":"watchfire-pushgateway/v1","groups":[{"labels":{"job":"a"},"families":[{"timestampMs":1,"protobuf":"////"}]}]}',
    ],
    [
      'a family entry of the wrong shape',
      '{"format":"watchfire-pushgateway/v1","groups":[{"labels":{"job":"a"},"families":[7]}]}',
    ],
  ])('refuses %s with a PersistenceError', (_what, text) => {
    expect(() => decodeSnapshot(Buffer.from(text))).toThrow(
      expect.objectContaining({ code: 'ERR_PUSHGATEWAY_PERSISTENCE' }),
    )
  })
})

describe('files', () => {
  it('writes atomically, leaving no temporary file behind', async () => {
    const file = join(dir, 'metrics.json')
    await writeFileAtomic(file, Buffer.from('one'))
    await writeFileAtomic(file, Buffer.from('two'))
    expect(await readFile(file, 'utf8')).toBe('two')
    expect(await readdir(dir)).toEqual(['metrics.json'])
  })

  it('loads what it wrote, and reports a missing file as such', async () => {
    const file = join(dir, 'metrics.json')
    expect(await loadSnapshot(file)).toEqual({ kind: 'missing' })
    await writeFileAtomic(file, encodeSnapshot(sampleStore().all()))
    const loaded = await loadSnapshot(file)
    expect(loaded.kind === 'loaded' && loaded.groups.length).toBe(2)
  })

  it('keeps a corrupt file aside and reports it', async () => {
    const file = join(dir, 'metrics.json')
    await writeFile(file, 'corrupt!')
    const loaded = await loadSnapshot(file, 42)
    expect(loaded.kind).toBe('corrupt')
    expect(loaded.kind === 'corrupt' && loaded.keptAs).toBe(`${file}.corrupt-42`)
    expect(await readFile(`${file}.corrupt-42`, 'utf8')).toBe('corrupt!')
    expect(await readdir(dir)).toEqual(['metrics.json.corrupt-42'])
  })

  it('reports an unreadable path (a directory) as corrupt without crashing', async () => {
    const loaded = await loadSnapshot(dir)
    expect(loaded.kind).toBe('corrupt')
  })
})
