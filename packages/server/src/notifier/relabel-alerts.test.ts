import { compileRelabelConfig, type RelabelConfigInput } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { relabelAlerts } from './relabel-alerts.js'
import { testAlert } from './test-alerts.test-fixtures.js'

const ALERT = testAlert('HighLoad', { instance: 'a:9100', severity: 'page' })

describe('relabelAlerts', () => {
  it.each<[string, Record<string, string>, RelabelConfigInput[], Record<string, string> | undefined]>([
    ['nothing to do', {}, [], { alertname: 'HighLoad', instance: 'a:9100', severity: 'page' }],
    [
      'adds external labels',
      { region: 'eu', replica: 'r1' },
      [],
      { alertname: 'HighLoad', instance: 'a:9100', severity: 'page', region: 'eu', replica: 'r1' },
    ],
    [
      'keeps the alert’s own value over an external label',
      { severity: 'info' },
      [],
      { alertname: 'HighLoad', instance: 'a:9100', severity: 'page' },
    ],
    [
      'relabels after adding external labels',
      { region: 'eu' },
      [
        { sourceLabels: ['region'], targetLabel: 'team', replacement: 'ops-$1' },
        { action: 'labeldrop', regex: 'instance' },
      ],
      { alertname: 'HighLoad', severity: 'page', region: 'eu', team: 'ops-eu' },
    ],
    ['drops', {}, [{ sourceLabels: ['severity'], regex: 'page', action: 'drop' }], undefined],
    ['drops an alert left without labels', {}, [{ action: 'labelkeep', regex: 'nothing' }], undefined],
  ])('%s', (_, external, rules, want) => {
    const out = relabelAlerts([ALERT], external, rules.map(compileRelabelConfig))
    expect(out.map((a) => a.labels.toRecord())).toEqual(want === undefined ? [] : [want])
    if (want !== undefined) expect(out[0]?.annotations).toBe(ALERT.annotations)
    expect(ALERT.labels.toRecord()).toEqual({ alertname: 'HighLoad', instance: 'a:9100', severity: 'page' })
  })
})
