import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { main } from 'watchfire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROMTOOL_BIN } from './lib/prometheus.js'

// Budget: ≤ 45 s for both rules-*.e2e suites together (~10 s here; each case runs promtool once). Every
// rule file below goes through Debian's promtool 2.42 `check rules` and through `watchfire check rules`:
// the exit codes must match, and when promtool rejects a file, it must name the same problems (order aside:
// promtool walks Go maps) — except YAML syntax errors, which each YAML parser words its own way.
const run = promisify(execFile)

const rule = (body: string): string => `groups:\n  - name: g\n    rules:\n${body.replace(/^/gm, '      ')}\n`

const corpus: Record<string, string> = {
  'empty file': '',
  'only a comment': '# no rules yet\n',
  'null groups': 'groups:\n',
  'group without rules': 'groups:\n  - name: g\n',
  'recording rule': rule('- record: job:up:sum\n  expr: sum by (job) (up)'),
  'recording rule with labels': rule(
    '- record: job:up:sum\n  expr: sum by (job) (up)\n  labels: {team: a, tier: "1"}',
  ),
  'alerting rule with everything': rule(`- alert: InstanceDown
  expr: up == 0
  for: 5m
  labels: {severity: page, instance: "{{ $labels.instance }}"}
  annotations:
    summary: "{{ $labels.instance }} of {{ $labels.job }} is down"
    value: "{{ $value | humanize }} {{ $value | humanizePercentage }} {{ humanizeDuration 3600 }}"
    query: '{{ with query "up" }}{{ . | first | value }}{{ end }}'
    misc: '{{ reReplaceAll "a" "b" $labels.job | toUpper }} {{ title "x" }} {{ $externalLabels.cluster }} {{ externalURL }}'`),
  keep_firing_for: rule('- alert: A\n  expr: up == 0\n  keep_firing_for: 10m'),
  'group interval and limit':
    'groups:\n  - name: g\n    interval: 30s\n    limit: 5\n    rules:\n      - record: a\n        expr: vector(1)\n',
  'several groups and files of rules':
    'groups:\n  - name: a\n    rules:\n      - record: x\n        expr: up\n  - name: b\n    rules:\n      - alert: Y\n        expr: x > 1\n',
  'numbers where strings go':
    'groups:\n  - name: 5\n    rules:\n      - record: a\n        expr: 1\n        labels: {n: 2}\n',
  'duplicate rules (lint, exit 0)': rule('- record: x\n  expr: up\n- record: x\n  expr: up'),
  'same name, other labels': rule('- record: x\n  expr: up\n- record: x\n  expr: up\n  labels: {a: b}'),
  'block scalar expression': rule(
    '- record: x\n  expr: |\n    sum(\n      rate(http_requests_total[5m])\n    )',
  ),
  // Rejected ones.
  'YAML syntax error': 'groups: [\n',
  'unknown top-level field': 'groupz: []\n',
  'unknown group field': 'groups:\n  - name: g\n    foo: 1\n',
  'unknown rule field': rule('- record: x\n  expr: up\n  bar: 1'),
  'groups as a map': 'groups: {a: 1}\n',
  'a scalar document': 'hello\n',
  'rules as a map': 'groups:\n  - name: g\n    rules: {a: 1}\n',
  'a number as a rule': rule('- 5'),
  'a list as the record name': rule('- record: [a]\n  expr: {a: b}'),
  'labels as a list': rule('- record: x\n  expr: up\n  labels: [a]'),
  'bad for duration': rule('- alert: A\n  expr: up\n  for: 5x'),
  'fractional for duration': rule('- alert: A\n  expr: up\n  for: 1.5m'),
  'limit not a number': 'groups:\n  - name: g\n    limit: many\n',
  'empty group name': 'groups:\n  - rules: []\n',
  'repeated group name': 'groups:\n  - name: g\n  - name: g\n',
  'unclosed parenthesis': rule('- record: x\n  expr: sum(up'),
  'unknown function': rule('- record: x\n  expr: nope(up)'),
  'type error in expression': rule('- record: x\n  expr: rate(up)'),
  'missing expression': rule('- record: x'),
  'record and alert': rule('- record: x\n  alert: y\n  expr: up'),
  'neither record nor alert': rule('- expr: up'),
  'invalid record name': rule('- record: "a b"\n  expr: up'),
  'annotations on a recording rule': rule('- record: x\n  expr: up\n  annotations: {a: b}'),
  'for on a recording rule': rule('- record: x\n  expr: up\n  for: 1m'),
  'invalid label name': rule('- record: x\n  expr: up\n  labels: {"a-b": c}'),
  '__name__ as a label': rule('- record: x\n  expr: up\n  labels: {__name__: y}'),
  'invalid annotation name': rule('- alert: x\n  expr: up\n  annotations: {"1a": b}'),
  'unclosed template action': rule('- alert: X\n  expr: up\n  annotations: {s: "{{ $value | humanize }"}'),
  'unknown template function': rule('- alert: X\n  expr: up\n  labels: {s: "{{ nope }}"}'),
  'undefined template variable': rule('- alert: X\n  expr: up\n  annotations: {s: "{{ $nope }}"}'),
  'tmpl is not an alert template function': rule(
    '- alert: X\n  expr: up\n  annotations: {s: "{{ tmpl \\"a\\" . }}"}',
  ),
  'if without a value': rule('- alert: X\n  expr: up\n  annotations: {s: "{{ if }}"}'),
  'several problems at once': rule(
    '- record: "a b"\n  expr: up\n- record: c\n  expr: "("\n- alert: d\n  expr: up\n  annotations: {x: "{{ end }}"}',
  ),
}

interface Outcome {
  code: number
  problems: string[]
}

/** The problem lines after `FAILED:`, sorted. */
function problemsOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l !== '' && !l.includes('FAILED:'))
    .sort()
}

async function promtool(file: string): Promise<Outcome> {
  try {
    const { stderr } = await run(PROMTOOL_BIN, ['check', 'rules', file])
    return { code: 0, problems: problemsOf(stderr) }
  } catch (err) {
    const e = err as { code?: number; stderr?: string }
    return { code: e.code ?? -1, problems: problemsOf(e.stderr ?? '') }
  }
}

async function watchfire(file: string): Promise<Outcome & { stdout: string }> {
  let stderr = ''
  let stdout = ''
  const code = await main(['check', 'rules', file], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    signal: new AbortController().signal,
  })
  return { code, problems: problemsOf(stderr), stdout }
}

describe('watchfire check rules agrees with promtool check rules', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watchfire-check-rules-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('has a corpus of at least 25 rule files, good and bad', () => {
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(25)
  })

  it.each(Object.entries(corpus))('%s', async (name, yaml) => {
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yml`)
    await writeFile(file, yaml)
    const theirs = await promtool(file)
    const ours = await watchfire(file)
    expect(ours.code).toBe(theirs.code)
    if (name === 'YAML syntax error') return
    expect(ours.problems).toEqual(theirs.problems)
  })

  it('prints promtool’s summary for a valid file', async () => {
    const file = join(dir, 'summary.yml')
    await writeFile(file, corpus['several groups and files of rules'] as string)
    const { stdout } = await run(PROMTOOL_BIN, ['check', 'rules', file])
    expect((await watchfire(file)).stdout).toBe(stdout)
  })
})
