import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileSnapshot } from './file-snapshot.js'

const dir = mkdtempSync(join(tmpdir(), 'wf-file-snapshot-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('FileSnapshot', () => {
  it('hands out the same Buffer while the bytes stay the same, a new one when they change', () => {
    const path = join(dir, 'a.txt')
    writeFileSync(path, 'one')
    const snapshot = new FileSnapshot(path)
    const first = snapshot.read()
    expect(first.toString()).toBe('one')
    expect(snapshot.read()).toBe(first)
    // Touched with the same bytes: re-read, but still the same Buffer, so memoized work is kept.
    utimesSync(path, new Date(), new Date(Date.now() + 5_000))
    expect(snapshot.read()).toBe(first)
    writeFileSync(path, 'two')
    utimesSync(path, new Date(), new Date(Date.now() + 10_000))
    expect(snapshot.read().toString()).toBe('two')
  })

  it('throws the fs error for a missing file and recovers when it appears', () => {
    const path = join(dir, 'later.txt')
    const snapshot = new FileSnapshot(path)
    expect(() => snapshot.read()).toThrow(/ENOENT/)
    writeFileSync(path, 'here')
    expect(snapshot.read().toString()).toBe('here')
  })
})
