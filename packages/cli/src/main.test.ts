import { describe, expect, it } from 'vitest'
import { main } from './main.js'

function capture(): { out: string[]; err: string[]; io: Parameters<typeof main>[1] } {
  const out: string[] = []
  const err: string[] = []
  const io = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    signal: new AbortController().signal,
  }
  return { out, err, io }
}

describe('watchfire main', () => {
  it('runs a command', async () => {
    const { out, io } = capture()
    expect(await main(['version'], io)).toBe(0)
    expect(out.join('')).toMatch(/^watchfire, version \d+\.\d+\.\d+/)
  })

  it('refuses an unknown command with usage and exit code 2', async () => {
    const { err, io } = capture()
    expect(await main(['frobnicate'], io)).toBe(2)
    expect(err.join('')).toContain('unknown command "frobnicate"')
    expect(err.join('')).toContain('version')
  })

  it('reports a bad flag naming it, with exit code 2', async () => {
    const { err, io } = capture()
    expect(await main(['version', '--bogus'], io)).toBe(2)
    expect(err.join('')).toBe('watchfire version: error: unknown flag --bogus, try --help\n')
  })

  it('prints a command help', async () => {
    const { out, io } = capture()
    expect(await main(['version', '--help'], io)).toBe(0)
    expect(out.join('')).toContain('usage: watchfire version')
  })
})
