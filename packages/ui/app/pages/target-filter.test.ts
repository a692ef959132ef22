import { describe, expect, it } from 'vitest'
import type { ApiTarget } from '../lib/api-types.js'
import { groupTargets, targetMatches, type TargetFilter } from './target-filter.js'

function target(
  pool: string,
  url: string,
  health: ApiTarget['health'],
  labels: Record<string, string> = {},
): ApiTarget {
  return {
    discoveredLabels: {},
    labels: { job: pool, ...labels },
    scrapePool: pool,
    scrapeUrl: url,
    globalUrl: url,
    lastError: '',
    lastScrape: '2023-01-01T00:00:00Z',
    lastScrapeDuration: 0.01,
    health,
    scrapeInterval: '15s',
    scrapeTimeout: '10s',
  }
}

const all: TargetFilter = { health: new Set(['up', 'down', 'unknown']), text: '' }

describe('targetMatches', () => {
  const t = target('app', 'http://127.0.0.1:9100/metrics', 'up', { env: 'Prod' })
  it.each([
    ['everything', all, true],
    ['health not selected', { ...all, health: new Set<ApiTarget['health']>(['down']) }, false],
    ['text in the URL', { ...all, text: '9100' }, true],
    ['text in a label, any case', { ...all, text: 'env="prod' }, true],
    ['text nowhere', { ...all, text: 'staging' }, false],
  ] as const)('%s', (_name, f, want) => {
    expect(targetMatches(t, f)).toBe(want)
  })
})

describe('groupTargets', () => {
  it('groups by pool in name order and counts up before filtering', () => {
    const pools = groupTargets(
      [target('b', 'http://b1', 'up'), target('a', 'http://a1', 'down'), target('b', 'http://b2', 'down')],
      { ...all, health: new Set(['down']) },
    )
    expect(pools.map((p) => [p.name, p.up, p.total, p.targets.map((t) => t.scrapeUrl)])).toEqual([
      ['a', 0, 1, ['http://a1']],
      ['b', 1, 2, ['http://b2']],
    ])
  })
})
