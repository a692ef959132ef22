import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Labels, Matcher, type NativeHistogram } from '@watchfire/model'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ValueType } from '../chunkenc/value-type.js'
import { openBlock } from './block-reader.js'
import { writeBlock, type BlockSeriesInput } from './block-writer.js'
import { addTombstone, writeTombstones } from './tombstones.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsdb-block-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const T0 = 1_700_000_000_000

function series(job: string, instance: string, n: number, f: (i: number) => number): BlockSeriesInput {
  const timestamps = Float64Array.from({ length: n }, (_, i) => T0 + i * 15_000)
  const values = Float64Array.from({ length: n }, (_, i) => f(i))
  return { labels: Labels.fromRecord({ __name__: 'up', job, instance }), floats: { timestamps, values } }
}

function histogram(i: number): NativeHistogram {
  return {
    schema: 0,
    zeroThreshold: 2 ** -128,
    zeroCount: i,
    count: 3 * i + (i > 5 ? 1 : 0),
    sum: i * 1.5,
    positiveSpans: [{ offset: 0, length: i > 5 ? 3 : 2 }],
    positiveBuckets: i > 5 ? [i, i, 1] : [i, i],
    negativeSpans: [],
    negativeBuckets: [],
  }
}

async function collect(blockDir: string, minT: number, maxT: number, ...m: Matcher[]) {
  const block = await openBlock(blockDir)
  try {
    const out: Record<string, Array<[number, number]>> = {}
    for (const s of await block.select(minT, maxT, ...m)) {
      const it = s.iterator()
      const rows: Array<[number, number]> = []
      while (it.next() === ValueType.Float) rows.push([it.atT(), it.atF()])
      expect(it.err()).toBeUndefined()
      out[s.labels.toString()] = rows
    }
    return out
  } finally {
    await block.close()
  }
}

describe('block write and read', () => {
  it('writes the Prometheus layout and reads back every sample by matcher and range', async () => {
    const input = [
      series('api', 'a', 500, (i) => i),
      series('api', 'b', 300, (i) => i * 2),
      series('db', 'a', 10, () => 7),
    ]
    const meta = await writeBlock(dir, input)
    expect(meta).toMatchObject({
      minTime: T0,
      maxTime: T0 + 499 * 15_000 + 1,
      version: 1,
      stats: { numSeries: 3, numSamples: 810, numChunks: 5 + 3 + 1 },
      compaction: { level: 1, sources: [meta.ulid] },
    })
    const blockDir = join(dir, meta.ulid)
    expect(JSON.parse(await readFile(join(blockDir, 'meta.json'), 'utf8'))).toEqual(meta)
    const all = await collect(blockDir, -Infinity, Infinity, new Matcher('=', 'job', 'api'))
    expect(Object.keys(all)).toEqual([
      '{__name__="up", instance="a", job="api"}',
      '{__name__="up", instance="b", job="api"}',
    ])
    expect(all['{__name__="up", instance="b", job="api"}']).toHaveLength(300)
    const ranged = await collect(
      blockDir,
      T0 + 15_000,
      T0 + 30_000,
      new Matcher('!=', 'job', 'api'),
      new Matcher('=~', 'instance', 'a|c'),
    )
    expect(ranged).toEqual({
      '{__name__="up", instance="a", job="db"}': [
        [T0 + 15_000, 7],
        [T0 + 30_000, 7],
      ],
    })
    const none = await collect(blockDir, -Infinity, Infinity, new Matcher('=', 'job', 'nope'))
    expect(none).toEqual({})
  })

  it('applies tombstones when reading', async () => {
    const meta = await writeBlock(dir, [series('api', 'a', 10, (i) => i)])
    const blockDir = join(dir, meta.ulid)
    const block = await openBlock(blockDir)
    const [s] = await block.select(-Infinity, Infinity)
    await block.close()
    const stones = new Map()
    addTombstone(stones, s!.ref, { minT: T0 + 15_000, maxT: T0 + 60_000 })
    await writeTombstones(blockDir, stones)
    const rows = Object.values(await collect(blockDir, -Infinity, Infinity))[0]!
    expect(rows.map(([, v]) => v)).toEqual([0, 5, 6, 7, 8, 9])
  })

  it('round-trips native histograms, including a layout change and a counter reset', async () => {
    const hs = Array.from({ length: 10 }, (_, i) => histogram(i + 1))
    hs[8] = histogram(1) // a reset
    const timestamps = Float64Array.from(hs, (_, i) => T0 + i * 1000)
    const meta = await writeBlock(dir, [
      { labels: Labels.fromRecord({ __name__: 'h' }), histograms: { timestamps, values: hs } },
    ])
    const block = await openBlock(join(dir, meta.ulid))
    const [s] = await block.select(-Infinity, Infinity)
    const it = s!.iterator()
    const got: Array<[number, number, number[]]> = []
    while (it.next() === ValueType.Histogram) {
      const h = it.atHistogram()
      got.push([h.count, h.sum, h.positiveBuckets.slice(0, 2)])
    }
    await block.close()
    expect(got).toEqual(hs.map((h) => [h.count, h.sum, h.positiveBuckets.slice(0, 2)]))
    expect(meta.stats.numChunks).toBe(2)
  })

  it.each([
    ['index', 'symbol table', 20],
    ['index', 'TOC', -10],
    ['chunks/000001', 'chunk at offset 8', 12],
  ])('refuses a block whose %s is corrupt, naming the %s', async (file, section, at) => {
    const meta = await writeBlock(dir, [series('api', 'a', 50, (i) => i)])
    const path = join(dir, meta.ulid, file)
    const bytes = await readFile(path)
    const pos = at < 0 ? bytes.length + at : at
    bytes[pos] = (bytes[pos] as number) ^ 0xff
    await writeFile(path, bytes)
    await expect(collect(join(dir, meta.ulid), -Infinity, Infinity)).rejects.toMatchObject({
      code: 'ERR_TSDB_CORRUPT',
      section,
      file: path,
    })
  })

  it('refuses duplicate series', async () => {
    await expect(
      writeBlock(dir, [series('a', 'a', 1, () => 1), series('a', 'a', 1, () => 1)]),
    ).rejects.toMatchObject({
      code: 'ERR_TSDB_INVALID_INPUT',
    })
  })
})
