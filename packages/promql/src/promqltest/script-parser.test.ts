import { describe, expect, it } from 'vitest'
import { ScriptSyntaxError } from './script-error.js'
import { parseScript } from './script-parser.js'
import type { EvalCommand, LoadCommand } from './script-types.js'

const evalOf = (script: string): EvalCommand => {
  const cmd = parseScript(script).find((c) => c.kind === 'eval')
  if (cmd?.kind !== 'eval') throw new Error('no eval parsed')
  return cmd
}

describe('parseScript', () => {
  it('reads commands with their line numbers; comments end blocks', () => {
    const commands = parseScript(
      [
        '# header',
        'load 1m',
        '  m{a="1"} 0+1x2',
        '',
        'eval instant at 1m m',
        '  m{a="1"} 1',
        '# c',
        'clear',
      ].join('\n'),
    )
    expect(commands.map((c) => [c.kind, c.line])).toEqual([
      ['load', 2],
      ['eval', 5],
      ['clear', 8],
    ])
    const load = commands[0] as LoadCommand
    expect(load.intervalMs).toBe(60_000)
    expect(load.series[0]?.line).toBe(3)
  })

  it('lets a later load line for the same labels replace the earlier one', () => {
    const [load] = parseScript('load 1m\n  m 1 2\n  m 5') as [LoadCommand]
    expect(load.series).toHaveLength(1)
    expect(load.series[0]?.values).toEqual([{ kind: 'float', v: 5 }])
  })

  it('reads instant and range headers, keeping the expression text intact', () => {
    const instant = evalOf('eval instant at 1h30m sum by (a)  (m)')
    expect([instant.mode, instant.startMs, instant.expr]).toEqual(['instant', 5_400_000, 'sum by (a)  (m)'])
    const range = evalOf('eval range from 0 to 10m step 30s rate(m[5m])\n  {} 1 _ 2')
    expect([range.mode, range.startMs, range.endMs, range.stepMs, range.expr]).toEqual([
      'range',
      0,
      600_000,
      30_000,
      'rate(m[5m])',
    ])
    expect(range.series[0]?.values.map((v) => v.kind)).toEqual(['float', 'omitted', 'float'])
  })

  it('reads expect lines, scalars and strings', () => {
    const cmd = evalOf(
      [
        'eval instant at 0 m',
        '  expect warn msg: PromQL warning: "x"',
        '  expect info regex: some.*thing',
        '  expect ordered',
        '  expect fail',
      ].join('\n'),
    )
    expect(cmd.warnings[0]?.match).toEqual({ kind: 'msg', text: 'PromQL warning: "x"' })
    expect(cmd.infos[0]?.match).toEqual({ kind: 'regex', text: 'some.*thing' })
    expect([cmd.ordered, cmd.expectFail?.match.kind]).toEqual([true, 'any'])
    expect(evalOf('eval instant at 0 m\n  expect no_warn\n  expect no_info')).toMatchObject({
      noWarn: true,
      noInfo: true,
    })
    expect(evalOf('eval instant at 0 1\n  0x10').expectedScalar).toBe(16)
    expect(evalOf('eval instant at 0 1\n  010').expectedScalar).toBe(8)
    expect(evalOf('eval instant at 0 1\n  -Inf').expectedScalar).toBe(-Infinity)
    expect(evalOf('eval instant at 0 "a"\n  expect string "a\\tb"').expectedString).toBe('a\tb')
    expect(
      evalOf('eval instant at 0 m[1m]\n  expect range vector from 0 to 1m step 30s\n  m 1 2 3').rangeVector,
    ).toEqual({
      startMs: 0,
      endMs: 60_000,
      stepMs: 30_000,
    })
  })

  it('maps the legacy eval spellings', () => {
    expect(evalOf('eval_fail instant at 0 m').expectFail).toBeDefined()
    expect(evalOf('eval_fail instant at 0 m\n  expected_fail_message boom').expectFail?.match).toEqual({
      kind: 'msg',
      text: 'boom',
    })
    expect(evalOf('eval_warn instant at 0 m').legacyWarn).toBe(true)
    expect(evalOf('eval_info instant at 0 m').legacyInfo).toBe(true)
    expect(evalOf('eval_ordered instant at 0 m').ordered).toBe(true)
  })

  it('reads @st start-timestamp lines for the series that follows', () => {
    const [load] = parseScript('load 1m\n  c@st _ -30s-1mx2\n  c _ 1 2 3') as [LoadCommand]
    expect(load.series[0]?.startOffsetsMs).toEqual([undefined, -30_000, -90_000, -150_000])
  })

  it.each<[string, number]>([
    ['bogus 1m', 1],
    ['load 1x', 1],
    ['load 1m\n  m 1\n  m{ 2', 3],
    ['\neval instant 1m m', 2],
    ['eval range from 5m to 1m step 1m m', 1],
    ['eval instant at 0 m\n  m 1 2', 2],
    ['eval range from 0 to 1m step 1m m\n  5', 2],
    ['eval instant at 0 m\n  expect warn\n  expect no_warn', 1],
    ['eval instant at 0 m\n  expect fail\n  expect fail', 3],
    ['eval instant at 0 m\n  expect sometimes', 2],
    ['eval instant at 0 m\n  expect fail regex: (?=x)', 2],
    ['load 1m\n  c@st 1m 2m\n  c 1', 2],
    ['load 1m\n  c@st 1m', 2],
  ])('rejects %j at line %i', (script, line) => {
    let caught: unknown
    try {
      parseScript(script)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ScriptSyntaxError)
    expect((caught as ScriptSyntaxError).line).toBe(line)
  })
})
