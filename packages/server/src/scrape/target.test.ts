import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { populateTarget, Target, targetsFromGroups } from './target.js'

function job(yaml = ''): ReturnType<typeof parseConfig>['scrapeConfigs'][number] {
  const config = parseConfig(`scrape_configs:\n  - job_name: node\n${yaml.replace(/^/gm, '    ')}\n`)
    .scrapeConfigs[0]
  if (config === undefined) throw new Error('no config')
  return config
}

function target(discovered: Record<string, string>, yaml = ''): Target {
  const result = populateTarget(discovered, job(yaml))
  if (!(result instanceof Target)) throw new Error(`no target: ${JSON.stringify(result)}`)
  return result
}

describe('populateTarget', () => {
  it('fills in job, instance and the scrape settings', () => {
    const t = target({ __address__: 'host:9100', __meta_x: 'dropped' }, 'scrape_interval: 30s')
    expect(t.labels.toRecord()).toEqual({
      __address__: 'host:9100',
      __metrics_path__: '/metrics',
      __scheme__: 'http',
      __scrape_interval__: '30s',
      __scrape_timeout__: '10s',
      instance: 'host:9100',
      job: 'node',
    })
    expect(t.seriesLabels.toRecord()).toEqual({ instance: 'host:9100', job: 'node' })
    expect(t.discoveredLabels.get('__meta_x')).toBe('dropped')
    expect([t.url, t.intervalMs, t.timeoutMs]).toEqual(['http://host:9100/metrics', 30_000, 10_000])
  })

  it.each([
    ['http', 'host', 'host:80'],
    ['https', 'host', 'host:443'],
    ['http', 'host:1', 'host:1'],
    ['http', '[::1]', '[::1]:80'],
    ['http', '[::1]:9', '[::1]:9'],
  ])('adds the default port of %s to %s as Prometheus 2.x does', (scheme, address, expected) => {
    expect(target({ __address__: address }, `scheme: ${scheme}`).labels.get('instance')).toBe(expected)
  })

  it('builds the URL from scheme, path, params and __param_ labels', () => {
    const t = target(
      { __address__: 'probe:9115', __param_target: 'example.com' },
      'metrics_path: /probe\nscheme: https\nparams: {module: [http_2xx], target: [ignored, second]}',
    )
    expect(t.url).toBe('https://probe:9115/probe?module=http_2xx&target=example.com&target=second')
  })

  it('lets relabel_configs rewrite address, job, instance and interval', () => {
    const t = target(
      { __address__: 'a:1', __meta_port: '2' },
      `relabel_configs:
  - {source_labels: [__address__, __meta_port], regex: "(.*):.*;(.*)", target_label: __address__, replacement: "$1:$2"}
  - {target_label: __scrape_interval__, replacement: 5s}
  - {target_label: __scrape_timeout__, replacement: 2s}
  - {source_labels: [__address__], target_label: instance, regex: "(.*):.*"}`,
    )
    expect([t.labels.get('__address__'), t.labels.get('instance'), t.intervalMs, t.timeoutMs]).toEqual([
      'a:2',
      'a',
      5000,
      2000,
    ])
  })

  it('drops targets relabelling drops', () => {
    expect(
      populateTarget(
        { __address__: 'a:1' },
        job('relabel_configs: [{source_labels: [__address__], regex: "a:.*", action: drop}]'),
      ),
    ).toBeUndefined()
  })

  it.each([
    ['relabel_configs: [{target_label: __address__, replacement: ""}]', 'no address'],
    ['relabel_configs: [{target_label: __address__, replacement: "a/b"}]', 'invalid address'],
    [
      'relabel_configs: [{target_label: __scrape_interval__, replacement: "x"}]',
      'error parsing scrape interval',
    ],
    [
      'relabel_configs: [{target_label: __scrape_timeout__, replacement: "2m"}]',
      'scrape timeout cannot be greater',
    ],
  ])('reports %s as %s', (yaml, error) => {
    const result = populateTarget({ __address__: 'a:1' }, job(yaml))
    expect(result).not.toBeInstanceOf(Target)
    expect((result as { error: string }).error).toContain(error)
  })

  it('merges group labels under target labels', () => {
    const { targets } = targetsFromGroups(
      [{ source: '0', labels: { env: 'prod', zone: 'a' }, targets: [{ __address__: 'x:1', zone: 'b' }] }],
      job(),
    )
    expect(targets[0]?.seriesLabels.toRecord()).toEqual({
      env: 'prod',
      instance: 'x:1',
      job: 'node',
      zone: 'b',
    })
  })
})
