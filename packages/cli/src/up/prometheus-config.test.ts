import { describe, expect, it } from 'vitest'
import { parseConfig } from '@watchfire/server'
import { generatePrometheusConfig, type GeneratedConfigOptions } from './prometheus-config.js'

const base: GeneratedConfigOptions = {
  addresses: {
    server: '127.0.0.1:9090',
    alertmanager: '127.0.0.1:9093',
    pushgateway: '127.0.0.1:9091',
    nodeExporter: '127.0.0.1:9100',
  },
  scrapeIntervalMs: 15_000,
  evaluationIntervalMs: 5_000,
  targets: [],
  targetJob: 'app',
  ruleFiles: ['/data/rules.yml'],
}

describe('generatePrometheusConfig', () => {
  it('scrapes every part, keeps pushed labels and sends alerts to the embedded Alertmanager', () => {
    const config = parseConfig(generatePrometheusConfig(base))
    expect(config.global.scrapeIntervalMs).toBe(15_000)
    expect(config.global.evaluationIntervalMs).toBe(5_000)
    expect(config.ruleFiles).toEqual(['/data/rules.yml'])
    expect(
      config.scrapeConfigs.map((s) => [s.jobName, s.staticConfigs.flatMap((g) => g.targets), s.honorLabels]),
    ).toEqual([
      ['watchfire', ['127.0.0.1:9090'], false],
      ['node', ['127.0.0.1:9100'], false],
      ['pushgateway', ['127.0.0.1:9091'], true],
      ['alertmanager', ['127.0.0.1:9093'], false],
    ])
    expect(config.alerting.alertmanagers.map((a) => a.staticConfigs.flatMap((g) => g.targets))).toEqual([
      ['127.0.0.1:9093'],
    ])
  })

  it('adds the --target targets under their job', () => {
    const config = parseConfig(
      generatePrometheusConfig({ ...base, targets: ['localhost:3000', '[::1]:3001'], targetJob: 'shop' }),
    )
    expect(config.scrapeConfigs.at(-1)).toMatchObject({
      jobName: 'shop',
      staticConfigs: [{ targets: ['localhost:3000', '[::1]:3001'] }],
    })
  })

  it('leaves rule_files out when there are none, and quotes odd paths', () => {
    expect(parseConfig(generatePrometheusConfig({ ...base, ruleFiles: [] })).ruleFiles).toEqual([])
    const odd = '/tmp/my rules: "x".yml'
    expect(parseConfig(generatePrometheusConfig({ ...base, ruleFiles: [odd] })).ruleFiles).toEqual([odd])
  })
})
