import { describe, expect, it } from 'vitest'
import { checkAgentConfig, checkModeFlags } from './agent-mode.js'
import { ConfigError } from './config/config-error.js'
import { parseConfig } from './config/load-config.js'

describe('checkModeFlags', () => {
  it.each<[string[], boolean, string | undefined]>([
    [
      ['storage.tsdb.retention.time'],
      true,
      'The following flag(s) can not be used in agent mode: ["--storage.tsdb.retention.time"]',
    ],
    [
      ['storage.tsdb.path', 'query.timeout', 'web.listen-address'],
      true,
      'The following flag(s) can not be used in agent mode: ["--storage.tsdb.path" "--query.timeout"]',
    ],
    [
      ['rules.alert.resend-delay'],
      true,
      'The following flag(s) can not be used in agent mode: ["--rules.alert.resend-delay"]',
    ],
    [
      ['storage.remote.read-sample-limit'],
      true,
      'The following flag(s) can not be used in agent mode: ["--storage.remote.read-sample-limit"]',
    ],
    [['web.enable-remote-write-receiver', 'storage.agent.path', 'alertmanager.timeout'], true, undefined],
    // Remote write's flush deadline applies to both modes, as in Prometheus.
    [['storage.remote.flush-deadline'], true, undefined],
    [['storage.remote.flush-deadline'], false, undefined],
    [
      ['storage.agent.retention.max-time'],
      false,
      'The following flag(s) can only be used in agent mode: ["--storage.agent.retention.max-time"]',
    ],
    [['storage.tsdb.path', 'query.timeout'], false, undefined],
  ])('%j with agent=%s', (given, agent, message) => {
    expect(checkModeFlags(given, agent)).toBe(message)
  })
})

describe('checkAgentConfig', () => {
  it.each([
    ['rule_files: [a.yml]', 'field rule_files is not allowed in agent mode'],
    [
      'alerting: { alertmanagers: [{ static_configs: [{ targets: [a:9093] }] }] }',
      'field alerting is not allowed in agent mode',
    ],
    ['remote_read: [{ url: "http://a" }]', 'field remote_read is not allowed in agent mode'],
  ])('refuses %s', (yaml, message) => {
    expect(() => checkAgentConfig(parseConfig(yaml))).toThrow(ConfigError)
    expect(() => checkAgentConfig(parseConfig(yaml))).toThrow(message)
  })

  it('accepts scrape and remote write', () => {
    expect(() =>
      checkAgentConfig(
        parseConfig('scrape_configs: [{ job_name: a }]\nremote_write: [{ url: "http://a/api/v1/write" }]'),
      ),
    ).not.toThrow()
  })
})
