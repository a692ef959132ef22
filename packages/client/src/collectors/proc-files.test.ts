import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { countOpenFds, parseMaxOpenFiles, parseProcStatus, readProcFile } from './proc-files.js'

describe('parseProcStatus', () => {
  it.each([
    [
      'all three fields',
      'Name:\tnode\nVmSize:\t  1000 kB\nVmRSS:\t   200 kB\nVmData:\t 30 kB\n',
      { virtualBytes: 1024000, residentBytes: 204800, dataBytes: 30720 },
    ],
    ['a kernel thread without Vm lines', 'Name:\tkthreadd\nState:\tS (sleeping)\n', {}],
    ['a malformed value', 'VmRSS:\tlots kB\nVmSize:\t 4 kB\n', { virtualBytes: 4096 }],
    ['a unit other than kB', 'VmRSS:\t 4 MB\n', {}],
    ['lookalike keys', 'VmRSSx:\t 4 kB\nVmPeak:\t 9 kB\n', {}],
  ])('%s', (_name, text, expected) => {
    expect(parseProcStatus(text)).toEqual(expected)
  })
})

describe('parseMaxOpenFiles', () => {
  const header = 'Limit                     Soft Limit           Hard Limit           Units     \n'
  it.each([
    ['a number', 'Max open files            1024                 4096                 files     \n', 1024],
    [
      'unlimited',
      'Max open files            unlimited            unlimited            files     \n',
      Infinity,
    ],
    [
      'a missing line',
      'Max processes             96365                96365                processes \n',
      undefined,
    ],
    ['garbage', 'Max open files            lots                 lots                 files\n', undefined],
  ])('%s', (_name, line, expected) => {
    expect(parseMaxOpenFiles(header + line)).toBe(expected)
  })
})

describe('proc readers', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('count entries in a descriptor directory, less the one the listing holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watchfire-fd-'))
    dirs.push(dir)
    await mkdir(join(dir, 'fd'))
    for (const fd of ['0', '1', '2', '3']) await writeFile(join(dir, 'fd', fd), '')
    expect(countOpenFds(join(dir, 'fd'))).toBe(3)
  })

  it('return undefined for missing files and directories', () => {
    expect(countOpenFds('/nonexistent/watchfire/fd')).toBeUndefined()
    expect(readProcFile('/nonexistent/watchfire/status')).toBeUndefined()
  })
})
