import { describe, expect, it } from 'vitest'
import { parseFlags, type FlagSpecs } from '../flags.js'
import { main } from '../main.js'
import { changedFlags } from './server-agent.js'

const specs = {
  path: { type: 'string', help: '', default: 'data/' },
  retention: { type: 'duration', help: '', default: '15d' },
  limit: { type: 'number', help: '', default: 10 },
  agent: { type: 'bool', help: '' },
  min: { type: 'duration', help: '' },
  features: { type: 'list', help: '' },
} as const satisfies FlagSpecs

describe('changedFlags', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [
      ['--path=other/', '--limit=3'],
      ['path', 'limit'],
    ],
    [
      ['--retention=1d', '--agent'],
      ['retention', 'agent'],
    ],
    [['--retention=15d', '--path=data/'], []],
    [
      ['--min=5m', '--features=agent'],
      ['min', 'features'],
    ],
  ])('%j changes %j', (argv, changed) => {
    expect(changedFlags(specs, parseFlags(argv, specs))).toEqual(changed)
  })
})

describe('watchfire server --agent', () => {
  it.each([
    [
      ['--agent', '--storage.tsdb.retention.time=1d'],
      '["--storage.tsdb.retention.time"]',
      'can not be used in agent mode',
    ],
    [
      ['--enable-feature=agent', '--query.timeout=1m'],
      '["--query.timeout"]',
      'can not be used in agent mode',
    ],
    [
      ['--storage.agent.retention.max-time=1h'],
      '["--storage.agent.retention.max-time"]',
      'can only be used in agent mode',
    ],
  ])('refuses %j naming the flag, with exit code 2', async (argv, named, why) => {
    const err: string[] = []
    const io = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => err.push(t) },
      signal: AbortSignal.abort(),
    }
    expect(await main(['server', ...argv], io)).toBe(2)
    expect(err.join('')).toContain(`The following flag(s) ${why}: ${named}`)
  })
})
