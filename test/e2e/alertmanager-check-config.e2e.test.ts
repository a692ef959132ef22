import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '@watchfire/alertmanager'

// Budget: ~5 s. Every config of the corpus goes through Debian's `amtool check-config` (Alertmanager 0.25)
// and through ours: the same files are accepted and the same rejected.

const AMTOOL = process.env.AMTOOL_BIN ?? '/usr/bin/amtool'
const run = promisify(execFile)

const R = 'receivers:\n  - name: r\n'
const corpus: Record<string, string> = {
  minimal: `route:\n  receiver: r\n${R}`,
  'full good': `global:
  resolve_timeout: 1m
  smtp_smarthost: 'localhost:25'
  smtp_from: 'am@example.org'
  smtp_require_tls: false
route:
  receiver: r
  group_by: ['alertname', 'cluster']
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 3h
  routes:
    - matchers: ['severity=~"crit|page"', 'team!="x"']
      receiver: mail
      continue: true
      mute_time_intervals: [nights]
    - match: {service: db}
      match_re: {env: "prod|stage"}
      receiver: hook
      group_by: ['...']
      active_time_intervals: [weekdays]
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ['alertname']
  - source_match: {a: b}
    target_match_re: {c: "d.*"}
receivers:
  - name: r
  - name: mail
    email_configs:
      - to: 'ops@example.org'
        headers: {subject: 'x'}
        send_resolved: true
  - name: hook
    webhook_configs:
      - url: 'http://127.0.0.1:5001/'
        max_alerts: 10
        http_config:
          basic_auth: {username: u, password: p}
time_intervals:
  - name: weekdays
    time_intervals:
      - weekdays: ['monday:friday']
        times: [{start_time: '09:00', end_time: '17:00'}]
        location: 'Europe/Berlin'
mute_time_intervals:
  - name: nights
    time_intervals:
      - times: [{start_time: '00:00', end_time: '06:00'}]
        days_of_month: ['1:7', '-3:-1']
        months: ['january:march', '12']
        years: ['2020:2030']
templates: ['/nonexistent/*.tmpl']
`,
  'group_by all': `route:\n  receiver: r\n  group_by: ['...']\n${R}`,
  'empty file': '',
  'no route': R,
  'root without receiver': `route:\n  group_by: [a]\n${R}`,
  'undefined receiver': `route:\n  receiver: nope\n${R}`,
  'undefined child receiver': `route:\n  receiver: r\n  routes:\n    - receiver: nope\n${R}`,
  'root with matchers': `route:\n  receiver: r\n  matchers: ['a="b"']\n${R}`,
  'root with continue': `route:\n  receiver: r\n  continue: true\n${R}`,
  'root with mute intervals': `route:\n  receiver: r\n  mute_time_intervals: [x]\n${R}time_intervals:\n  - name: x\n    time_intervals: [{weekdays: [monday]}]\n`,
  'unknown field': `route:\n  receiver: r\n  recever: r\n${R}`,
  'unknown top-level field': `route:\n  receiver: r\n${R}foo: 1\n`,
  'wildcard and labels': `route:\n  receiver: r\n  group_by: ['...', a]\n${R}`,
  'duplicate group_by': `route:\n  receiver: r\n  group_by: [a, a]\n${R}`,
  'invalid group_by': `route:\n  receiver: r\n  group_by: ['a-b']\n${R}`,
  'zero group_interval': `route:\n  receiver: r\n  group_interval: 0s\n${R}`,
  'zero repeat_interval': `route:\n  receiver: r\n  repeat_interval: 0\n${R}`,
  'bad duration': `route:\n  receiver: r\n  group_wait: 5 minutes\n${R}`,
  'bad matcher': `route:\n  receiver: r\n  routes:\n    - matchers: ['a b']\n${R}`,
  'bad regex matcher': `route:\n  receiver: r\n  routes:\n    - matchers: ['a=~"("']\n${R}`,
  'bad match_re': `route:\n  receiver: r\n  routes:\n    - match_re: {a: "(["}\n${R}`,
  'bad match label': `route:\n  receiver: r\n  routes:\n    - match: {"a-b": c}\n${R}`,
  'duplicate receiver': `route:\n  receiver: r\n${R}  - name: r\n`,
  'receiver without name': `route:\n  receiver: r\n${R}  - webhook_configs: [{url: 'http://x/'}]\n`,
  'webhook without url': `route:\n  receiver: r\nreceivers:\n  - name: r\n    webhook_configs: [{send_resolved: true}]\n`,
  'webhook bad scheme': `route:\n  receiver: r\nreceivers:\n  - name: r\n    webhook_configs: [{url: 'ftp://x/'}]\n`,
  'email without to': `global:\n  smtp_smarthost: 'h:25'\n  smtp_from: a@b\nroute:\n  receiver: r\nreceivers:\n  - name: r\n    email_configs: [{from: a@b}]\n`,
  'email without smarthost': `route:\n  receiver: r\nreceivers:\n  - name: r\n    email_configs: [{to: a@b, from: a@b}]\n`,
  'email without from': `global:\n  smtp_smarthost: 'h:25'\nroute:\n  receiver: r\nreceivers:\n  - name: r\n    email_configs: [{to: a@b}]\n`,
  'email duplicate header': `global:\n  smtp_smarthost: 'h:25'\n  smtp_from: a@b\nroute:\n  receiver: r\nreceivers:\n  - name: r\n    email_configs: [{to: a@b, headers: {subject: a, Subject: b}}]\n`,
  'smarthost without port': `global:\n  smtp_smarthost: 'h'\nroute:\n  receiver: r\n${R}`,
  'undefined time interval': `route:\n  receiver: r\n  routes:\n    - receiver: r\n      mute_time_intervals: [nope]\n${R}`,
  'duplicate time interval': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: []\n  - name: x\n    time_intervals: []\n`,
  'time interval without name': `route:\n  receiver: r\n${R}time_intervals:\n  - time_intervals: []\n`,
  'bad weekday': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{weekdays: [funday]}]\n`,
  'reversed weekdays': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{weekdays: ['friday:monday']}]\n`,
  'bad time': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{times: [{start_time: '25:00', end_time: '26:00'}]}]\n`,
  'start after end': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{times: [{start_time: '10:00', end_time: '09:00'}]}]\n`,
  'bad day of month': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{days_of_month: ['0']}]\n`,
  'bad location': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{location: 'Mars/Olympus'}]\n`,
  'bad month': `route:\n  receiver: r\n${R}time_intervals:\n  - name: x\n    time_intervals: [{months: ['smarch']}]\n`,
  'inhibit bad label': `route:\n  receiver: r\n${R}inhibit_rules:\n  - source_match: {"1a": b}\n`,
  'inhibit bad matcher': `route:\n  receiver: r\n${R}inhibit_rules:\n  - target_matchers: ['=x']\n`,
  'global both passwords': `global:\n  smtp_auth_password: a\n  smtp_auth_password_file: /x\nroute:\n  receiver: r\n${R}`,
  'bad resolve_timeout': `global:\n  resolve_timeout: soon\nroute:\n  receiver: r\n${R}`,
  'http basic and bearer': `route:\n  receiver: r\nreceivers:\n  - name: r\n    webhook_configs: [{url: 'http://x/', http_config: {basic_auth: {username: a}, bearer_token: b}}]\n`,
  'yaml syntax error': `route:\n  receiver: [r\n${R}`,
  'duplicate key': `route:\n  receiver: r\n  receiver: r\n${R}`,
  'continue in child': `route:\n  receiver: r\n  routes:\n    - receiver: r\n      continue: yes\n${R}`,
}

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-check-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function amtoolAccepts(file: string): Promise<boolean> {
  try {
    await run(AMTOOL, ['check-config', file])
    return true
  } catch {
    return false
  }
}

describe('alertmanager.yml validation agrees with amtool check-config', () => {
  it.each(Object.entries(corpus))('%s', async (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`)
    await writeFile(file, text)
    const theirs = await amtoolAccepts(file)
    let ours = true
    try {
      parseConfig(text)
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      ours = false
    }
    expect({ name, accepted: ours }).toEqual({ name, accepted: theirs })
  })
})
