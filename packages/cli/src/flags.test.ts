import { describe, expect, it } from 'vitest'
import { FlagError, parseFlags, parsePrometheusDuration } from './flags.js'

const specs = {
  'web.listen-address': { type: 'string', help: 'address', default: ':9091' },
  'web.enable-lifecycle': { type: 'bool', help: 'lifecycle' },
  'persistence.interval': { type: 'duration', help: 'interval', default: '5m' },
  'web.max-requests': { type: 'number', help: 'max', default: 40 },
  'collector.filesystem.mount-points-exclude': { type: 'list', help: 'exclude' },
} as const

describe('parseFlags', () => {
  it('applies defaults', () => {
    const f = parseFlags([], specs)
    expect(f['web.listen-address']).toBe(':9091')
    expect(f['web.enable-lifecycle']).toBe(false)
    expect(f['persistence.interval']).toBe(300_000)
    expect(f['web.max-requests']).toBe(40)
    expect(f._).toEqual([])
  })

  it('reads --name=value, --name value, --[no-]bool, repeated lists and positionals', () => {
    const f = parseFlags(
      [
        '--web.listen-address=127.0.0.1:1',
        '--persistence.interval',
        '1h30m',
        '--web.enable-lifecycle',
        '--collector.filesystem.mount-points-exclude=^/a',
        '--collector.filesystem.mount-points-exclude=^/b',
        'file.yml',
      ],
      specs,
    )
    expect(f['web.listen-address']).toBe('127.0.0.1:1')
    expect(f['persistence.interval']).toBe(5_400_000)
    expect(f['web.enable-lifecycle']).toBe(true)
    expect(f['collector.filesystem.mount-points-exclude']).toEqual(['^/a', '^/b'])
    expect(f._).toEqual(['file.yml'])
    expect(
      parseFlags(['--web.enable-lifecycle', '--no-web.enable-lifecycle'], specs)['web.enable-lifecycle'],
    ).toBe(false)
  })

  it.each([
    [['--nope'], 'unknown flag --nope'],
    [['--web.listen-address'], 'flag --web.listen-address expects a value'],
    [['--web.max-requests=x'], 'flag --web.max-requests expects a number, got "x"'],
    [['--persistence.interval=5 minutes'], 'expects a duration such as 15s or 1h30m'],
    [['--web.enable-lifecycle=yes'], 'flag --web.enable-lifecycle expects true or false'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseFlags(argv, specs)).toThrow(FlagError)
    expect(() => parseFlags(argv, specs)).toThrow(message)
  })
})

describe('parsePrometheusDuration', () => {
  it.each([
    ['15s', 15_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1y', 31_536_000_000],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => expect(parsePrometheusDuration(text)).toBe(ms))

  it.each(['', '1.5h', 'm', '10x', '5m1h'])('rejects %j', (text) => {
    expect(() => parsePrometheusDuration(text)).toThrow(FlagError)
  })
})
