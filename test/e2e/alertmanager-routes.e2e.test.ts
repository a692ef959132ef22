import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRoutes, parseConfig } from '@watchfire/alertmanager'

// Budget: ~10 s (one amtool process per label set). A routing tree with nesting, `continue`, regex and
// negative matchers, the old match/match_re and group_by; for each label set, the receivers chosen by ours
// must equal `amtool config routes test` (Alertmanager 0.25).

const AMTOOL = process.env.AMTOOL_BIN ?? '/usr/bin/amtool'
const run = promisify(execFile)

const TREE = `route:
  receiver: default
  group_by: [alertname]
  routes:
    - matchers: ['severity="page"']
      receiver: pager
      continue: true
    - matchers: ['team="db"']
      receiver: db
      routes:
        - matchers: ['env=~"prod|production"', 'severity!="info"']
          receiver: db-prod
          continue: true
        - match_re: {service: "mysql|postgres.*"}
          receiver: db-sql
        - matchers: ['env!~"prod.*"']
          receiver: db-nonprod
    - match: {team: web}
      receiver: web
      group_by: ['...']
      routes:
        - matchers: ['region=~"eu-.*"']
          receiver: web-eu
          continue: true
        - matchers: ['region=~"eu-west-.*"']
          receiver: web-eu-west
        - matchers: ['region!=""']
          receiver: web-other
    - matchers: ['alertname=~"Watchdog|DeadMansSwitch"']
      receiver: heartbeat
    - matchers: ['severity=~"(?i)CRIT.*"', 'team!~"db|web"']
      receiver: crit
      continue: true
    - matchers: ['msg="a.b"']
      receiver: literal
    - matchers: ['msg=~"a.b"']
      receiver: dot
    - matchers: ['quoted="x, y"']
      receiver: quoted
receivers:
${['default', 'pager', 'db', 'db-prod', 'db-sql', 'db-nonprod', 'web', 'web-eu', 'web-eu-west', 'web-other', 'heartbeat', 'crit', 'literal', 'dot', 'quoted'].map((n) => `  - name: ${n}`).join('\n')}
`

const teams = ['db', 'web', 'ops', '']
const extras: Record<string, string>[] = [
  {},
  { severity: 'page' },
  { severity: 'critical' },
  { severity: 'CRITICAL' },
  { severity: 'info', env: 'prod' },
  { env: 'production', service: 'mysql' },
  { env: 'staging', service: 'postgres-14' },
  { env: 'prod', service: 'redis' },
  { region: 'eu-west-1' },
  { region: 'eu-central-1', severity: 'page' },
  { region: 'us-east-1' },
  { region: '' },
  { alertname: 'Watchdog' },
  { alertname: 'Watchdog', severity: 'page' },
  { msg: 'a.b' },
  { msg: 'axb' },
  { msg: 'a\\nb' },
  { quoted: 'x, y' },
]
const labelSets: Record<string, string>[] = []
for (const team of teams) {
  for (const extra of extras) {
    const set: Record<string, string> = { alertname: 'Test', ...extra }
    if (team !== '') set.team = team
    labelSets.push(set)
  }
}

let file = ''
let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-am-routes-'))
  file = join(dir, 'alertmanager.yml')
  await writeFile(file, TREE)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('routing agrees with amtool config routes test', () => {
  it('has at least 50 label sets', () => {
    expect(labelSets.length).toBeGreaterThanOrEqual(50)
  })

  const route = buildRoutes(parseConfig(TREE))
  it.each(labelSets.map((s) => [JSON.stringify(s), s] as const))('%s', async (_name, labels) => {
    const args = ['config', 'routes', 'test', `--config.file=${file}`]
    for (const [k, v] of Object.entries(labels)) args.push(`${k}=${JSON.stringify(v)}`)
    const { stdout } = await run(AMTOOL, args)
    const ours = route
      .match(labels)
      .map((r) => r.opts.receiver)
      .join(',')
    expect(ours).toBe(stdout.trim())
  })
})
