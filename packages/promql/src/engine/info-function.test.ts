import { Labels } from '@watchfire/model'
import { MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine.js'

const engine = new Engine({ annotationPositions: false })

async function store(series: Record<string, string>[]): Promise<MemoryStorage> {
  const s = new MemoryStorage()
  const app = s.appender()
  for (const labels of series) app.append(0, Labels.fromRecord(labels), 0, 1)
  await app.commit()
  return s
}

describe('info()', () => {
  const data = store([
    { __name__: 'up', instance: 'a', job: 'j' },
    { __name__: 'up', instance: 'b', job: 'j' },
    { __name__: 'target_info', instance: 'a', job: 'j', region: 'eu', instance_type: 'big' },
    { __name__: 'build_info', instance: 'a', job: 'j', version: '1.0' },
  ])
  it.each([
    [
      'adds all target_info data labels',
      'info(up)',
      [
        '{__name__="up", instance="a", instance_type="big", job="j", region="eu"}',
        '{__name__="up", instance="b", job="j"}',
      ],
    ],
    [
      'adds only the selected data labels',
      'info(up, {region=~".+"})',
      ['{__name__="up", instance="a", job="j", region="eu"}'],
    ],
    [
      'joins the named info metric',
      'info(up, {__name__="build_info"})',
      ['{__name__="up", instance="a", job="j", version="1.0"}', '{__name__="up", instance="b", job="j"}'],
    ],
    [
      'leaves info series themselves alone',
      'info(target_info)',
      ['{__name__="target_info", instance="a", instance_type="big", job="j", region="eu"}'],
    ],
  ])('%s', async (_name, query, want) => {
    const r = await engine.instantQuery(await data, query, 10_000)
    if (r.value.type !== 'vector') throw new Error('expected a vector')
    expect(r.value.samples.map((s) => s.metric.toString()).sort()).toEqual(want)
  })

  it('fails on conflicting data labels from two info metrics', async () => {
    const conflicting = await store([
      { __name__: 'up', instance: 'a', job: 'j' },
      { __name__: 'target_info', instance: 'a', job: 'j', x: '1' },
      { __name__: 'build_info', instance: 'a', job: 'j', x: '2' },
    ])
    await expect(engine.instantQuery(conflicting, 'info(up, {__name__=~".+_info"})', 10_000)).rejects.toThrow(
      /conflicting label: x/,
    )
  })
})
