import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createExclusive } from './atomic-files.js'
import { MetricsDirectory } from './directory.js'
import { MultiprocessError } from './errors.js'
import { encodeFile } from './file-format.js'
import { selfOwner } from './liveness.js'
import { mergeSources } from './merge.js'
import { counterState, deadPid, slotFile } from './multiprocess.test-fixtures.js'

let path: string
let problems: string[]
let dir: MetricsDirectory

function total(): number {
  const families = mergeSources(dir.sources(), () => {})
  return (families.find((f) => f.name === 'c_total')?.metrics[0]?.value as number | undefined) ?? 0
}

beforeEach(() => {
  path = mkdtempSync(join(tmpdir(), 'watchfire-mp-dir-'))
  problems = []
  dir = MetricsDirectory.open(path, (e) => problems.push(e.message))
})
afterEach(() => rmSync(path, { recursive: true, force: true }))

describe('the metrics directory', () => {
  it('folds a dead worker into the archive once, frees its slot, and keeps the total', () => {
    const dead = { pid: deadPid(), startToken: '', threadId: 0 }
    dir.writeSlot(slotFile(0, dead, [counterState(5)]))
    dir.writeSlot(slotFile(1, selfOwner(), [counterState(2)]))
    expect(total()).toBe(7)
    dir.sweep()
    expect(readdirSync(path).sort()).toEqual(['archive.wfmp', 'slot-1.wfmp'])
    expect(total()).toBe(7)
    dir.sweep()
    expect(total()).toBe(7)
  })

  it('never counts a folded incarnation twice, even if its slot file survives the fold', () => {
    const dead = { pid: deadPid(), startToken: '', threadId: 0 }
    dir.writeSlot(slotFile(0, dead, [counterState(5)]))
    copyFileSync(dir.slotPath(0), join(path, 'saved'))
    dir.sweep()
    // A crash between the archive's rename and the slot's unlink leaves both behind.
    copyFileSync(join(path, 'saved'), dir.slotPath(0))
    rmSync(join(path, 'saved'))
    expect(total()).toBe(5)
    dir.sweep()
    expect(total()).toBe(5)
    expect(readdirSync(path)).toEqual(['archive.wfmp'])
  })

  it('treats a reused pid (same pid, other start token) as dead', () => {
    dir.writeSlot(slotFile(0, { ...selfOwner(), startToken: 'another-start' }, [counterState(1)]))
    expect(dir.sources()[0]?.live).toBe(false)
    dir.sweep()
    expect(readdirSync(path)).toEqual(['archive.wfmp'])
  })

  it('reuses slots of gone workers: files stay bounded however many workers came and went', () => {
    for (let i = 0; i < 30; i++) {
      const claimed = dir.claim((slot, appliedSeq) => ({
        ...slotFile(slot, selfOwner(), [counterState(1)], `w${i}`),
        appliedSeq,
      }))
      expect(claimed.slot).toBe(0)
      // The worker dies: mark its slot as owned by a dead process.
      dir.writeSlot({ ...claimed, owner: { pid: deadPid(), startToken: '', threadId: 0 } })
    }
    dir.sweep()
    expect(readdirSync(path)).toEqual(['archive.wfmp'])
    expect(total()).toBe(30)
  })

  it('reports a corrupted or truncated slot file and serves the others', () => {
    dir.writeSlot(slotFile(0, selfOwner(), [counterState(2)]))
    writeFileSync(dir.slotPath(1), encodeFile(slotFile(1, selfOwner(), [counterState(100)])).subarray(0, 40))
    const bad = Buffer.from(encodeFile(slotFile(2, selfOwner(), [counterState(100)])))
    bad[30] = (bad[30] as number) ^ 0xff
    writeFileSync(dir.slotPath(2), bad)
    dir.sweep()
    expect(total()).toBe(2)
    expect(problems.some((p) => p.includes('slot-1.wfmp') && p.includes('truncated'))).toBe(true)
    expect(problems.some((p) => p.includes('slot-2.wfmp') && p.includes('checksum'))).toBe(true)
  })

  it('does not fold while another live process holds the lock, and the scrape still answers', () => {
    createExclusive(join(path, 'lock'), JSON.stringify(selfOwner()))
    dir.writeSlot(slotFile(0, { pid: deadPid(), startToken: '', threadId: 0 }, [counterState(3)]))
    const started = Date.now()
    dir.sweep()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(readdirSync(path)).toContain('slot-0.wfmp')
    expect(total()).toBe(3)
  })

  it('breaks the lock of a dead holder', () => {
    createExclusive(join(path, 'lock'), JSON.stringify({ pid: deadPid(), startToken: '', threadId: 0 }))
    dir.writeSlot(slotFile(0, { pid: deadPid(), startToken: '', threadId: 0 }, [counterState(3)]))
    dir.sweep()
    expect(readdirSync(path)).toEqual(['archive.wfmp'])
  })

  it('applies a removal to live states, the archive and later folds', () => {
    const labelled = (v: number) => ({
      ...counterState(0),
      labelNames: ['k'],
      series: [
        { l: ['a'], v },
        { l: ['b'], v },
      ],
    })
    dir.writeSlot(slotFile(0, { pid: deadPid(), startToken: '', threadId: 0 }, [labelled(1)]))
    dir.sweep()
    dir.writeSlot(slotFile(1, selfOwner(), [labelled(10)]))
    dir.recordRemoval('c_total', ['a'], 'remover')
    const values = mergeSources(dir.sources(), () => {})[0]?.metrics.map((m) => [m.labels['k'], m.value])
    expect(values).toEqual([['b', 11]])
  })
})

describe('opening a metrics directory', () => {
  it.each([
    [
      'a path below a regular file',
      (base: string) => (writeFileSync(join(base, 'file'), ''), join(base, 'file', 'metrics')),
      /ENOTDIR/,
    ],
    ['an empty path', () => '', /no directory: pass `directory` or set WATCHFIRE_MULTIPROC_DIR/],
  ])('fails at start-up with a clear message for %s', (_, make, message) => {
    const target = make(path)
    expect(() => MetricsDirectory.open(target, () => {})).toThrow(MultiprocessError)
    expect(() => MetricsDirectory.open(target, () => {})).toThrow(message)
  })

  it('refuses a directory written by another format version', () => {
    const archive = Buffer.from(encodeFile({ kind: 'archive', folded: {}, appliedSeq: 0, metrics: [] }))
    archive.writeUInt32BE(99, 4)
    writeFileSync(join(path, 'archive.wfmp'), archive)
    expect(() => MetricsDirectory.open(path, () => {})).toThrow(
      /format version 99; this client reads version 1/,
    )
  })
})
