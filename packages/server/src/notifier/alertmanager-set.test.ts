import { describe, expect, it } from 'vitest'
import type { AlertmanagerConfig } from '../config/config-types.js'
import type { TargetGroup } from '../discovery/target-group.js'
import { alertmanagersFromGroup, AlertmanagerSet, alertsPath } from './alertmanager-set.js'
import { amConfig } from './am-config.test-fixtures.js'

const group = (addresses: string[], labels: Record<string, string> = {}, source = '0'): TargetGroup => ({
  source,
  targets: addresses.map((a) => ({ __address__: a })),
  labels,
})

describe('alertsPath', () => {
  it.each([
    ['', 'v2', '/api/v2/alerts'],
    ['/', 'v2', '/api/v2/alerts'],
    ['am', 'v2', '/am/api/v2/alerts'],
    ['/am/', 'v1', '/am/api/v1/alerts'],
    ['//a//b/', 'v2', '/a/b/api/v2/alerts'],
  ])('prefix %j, %s → %s', (prefix, version, want) => {
    expect(alertsPath(prefix, version)).toBe(want)
  })
})

describe('alertmanagersFromGroup', () => {
  it.each<[string, AlertmanagerConfig, string[], Record<string, string>?]>([
    ['defaults', amConfig(), ['http://am1:9093/api/v2/alerts', 'http://am2:9093/api/v2/alerts']],
    [
      'scheme, path prefix and API version',
      amConfig({ scheme: 'https', pathPrefix: '/alertmanager/', apiVersion: 'v1' }),
      ['https://am1:9093/alertmanager/api/v1/alerts', 'https://am2:9093/alertmanager/api/v1/alerts'],
    ],
    [
      'relabelling the address and path',
      amConfig({
        relabel: [
          {
            sourceLabels: ['__address__'],
            regex: '(.*):9093',
            targetLabel: '__address__',
            replacement: '$1:19093',
          },
          { targetLabel: '__alerts_path__', replacement: '/custom/api/v2/alerts' },
        ],
      }),
      ['http://am1:19093/custom/api/v2/alerts', 'http://am2:19093/custom/api/v2/alerts'],
    ],
    [
      'a group label setting the scheme',
      amConfig(),
      ['https://am1:9093/api/v2/alerts', 'https://am2:9093/api/v2/alerts'],
      { __scheme__: 'https' },
    ],
  ])('%s', (_, config, want, labels = {}) => {
    const { active, dropped } = alertmanagersFromGroup(group(['am1:9093', 'am2:9093'], labels), config)
    expect(active.map((am) => am.url)).toEqual(want)
    expect(dropped).toEqual([])
  })

  it('reports dropped Alertmanagers with their labels before relabelling', () => {
    const config = amConfig({
      pathPrefix: '/p',
      relabel: [
        { sourceLabels: ['zone'], regex: 'b', action: 'drop' },
        { targetLabel: '__address__', replacement: 'rewritten:1' },
      ],
    })
    const { active, dropped } = alertmanagersFromGroup(
      {
        source: 's',
        targets: [
          { __address__: 'a:9093', zone: 'a' },
          { __address__: 'b:9093', zone: 'b' },
        ],
        labels: {},
      },
      config,
    )
    expect(active.map((am) => am.url)).toEqual(['http://rewritten:1/p/api/v2/alerts'])
    expect(dropped.map((am) => am.url)).toEqual(['http://b:9093/p/api/v2/alerts'])
    expect(dropped[0]?.labels.get('zone')).toBe('b')
  })

  it('rejects an address with a slash', () => {
    expect(() => alertmanagersFromGroup(group(['am1:9093/x']), amConfig())).toThrow(/not a valid hostname/)
  })
})

describe('AlertmanagerSet.sync', () => {
  it('deduplicates by URL, replaces on every sync, and skips a bad group', () => {
    const set = new AlertmanagerSet(amConfig())
    const errors: string[] = []
    const onError = (err: Error): void => void errors.push(err.message)
    expect(set.sync([group(['a:1', 'b:1'], {}, '0'), group(['b:1', 'c:1'], {}, '1')], onError)).toEqual([
      'http://a:1/api/v2/alerts',
      'http://b:1/api/v2/alerts',
      'http://c:1/api/v2/alerts',
    ])
    expect(set.sync([group(['c:1']), group(['bad/x'], {}, '1')], onError)).toEqual([
      'http://c:1/api/v2/alerts',
    ])
    expect(errors).toEqual(['"bad/x" is not a valid hostname'])
    expect(set.sync([], onError)).toEqual([])
  })

  it.each([
    ['v1', 'v1'],
    ['v2', 'v2'],
  ] as const)('api_version %s posts with %s', (configured, want) => {
    expect(new AlertmanagerSet(amConfig({ apiVersion: configured })).apiVersion).toBe(want)
  })
})
