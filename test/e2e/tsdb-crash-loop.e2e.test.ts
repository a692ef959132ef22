import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Matcher } from '@watchfire/model'
import { ValueType } from '@watchfire/storage'
import { openDB } from '@watchfire/tsdb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const WRITER = new URL('./fixtures/tsdb-writer.js', import.meta.url).pathname
const CYCLES = 20
const SERIES = 50

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-crash-loop-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Runs the writer from batch `first`, SIGKILLs it after `killAfterMs` of writing; returns the acknowledged ids. */
function runAndKill(first: number, killAfterMs: number): Promise<{ acked: number[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, String(first), String(SERIES)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acked: number[] = []
    let out = ''
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split('\n')
      out = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('open') && timer === undefined)
          timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
        else if (line.startsWith('ok ')) acked.push(Number(line.slice(3)))
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${stderr}`))
      else resolve({ acked, stderr })
    })
  })
}

// Budget: ≤ 60 s — 20 cycles of node start-up (~0.3 s) plus 100–900 ms of writing each, then one verification.
describe('TSDB crash loop', () => {
  it('loses no acknowledged batch across 20 SIGKILLs', async () => {
    // Deterministic "random" kill moments so a failure reproduces.
    let seed = 12345
    const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
    const acked = new Set<number>()
    let next = 1
    const warnings: string[] = []
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const res = await runAndKill(next, 100 + Math.floor(rand() * 800))
      for (const id of res.acked) acked.add(id)
      if (res.stderr !== '') warnings.push(res.stderr)
      // Restart after the last acknowledged batch; a committed-but-unacknowledged batch is rewritten
      // with identical samples, which the TSDB ignores as exact duplicates.
      next = Math.max(next, ...res.acked) + 1
    }
    expect(acked.size).toBeGreaterThan(CYCLES * 10)

    const db = await openDB(dir, { blockRangeMs: 300_000, retentionMs: 0, logger: (m) => warnings.push(m) })
    try {
      const q = await db.querier(-Infinity, Infinity)
      const set = q.select(true, undefined, new Matcher('=', '__name__', 'crash_loop'))
      const perBatch = new Map<number, number>()
      let series = 0
      while (set.next()) {
        series++
        const s = set.at()
        const sIndex = Number(s.labels.get('s'))
        const it = s.iterator()
        while (it.next() === ValueType.Float) {
          const id = it.atT() / 1000
          expect(it.atF()).toBe(id * SERIES + sIndex)
          perBatch.set(id, (perBatch.get(id) ?? 0) + 1)
        }
      }
      q.close()
      expect(series).toBe(SERIES)
      let lost = 0
      for (const id of acked) lost += SERIES - (perBatch.get(id) ?? 0)
      expect(lost, `warnings:\n${warnings.join('\n')}`).toBe(0)
      expect(db.stats().compactions + db.blocks().length).toBeGreaterThan(0)
    } finally {
      await db.close()
    }
  })
})
