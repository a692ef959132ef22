import { readFileSync } from 'node:fs'
import { threadId } from 'node:worker_threads'
import type { Owner } from './state.js'

/** The start time of process `pid` in clock ticks since boot (field 22 of /proc/<pid>/stat), or '' if unknown. */
export function startTokenOf(pid: number | 'self'): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? ''
  } catch {
    return ''
  }
}

let self: Owner | undefined

/** This thread as a slot owner. */
export function selfOwner(): Owner {
  self ??= { pid: process.pid, startToken: startTokenOf('self'), threadId: 0 }
  return { ...self, threadId }
}

/**
 * Whether `owner` still runs. Processes are checked with signal 0 and their start token (a reused pid has a
 * different start time). A thread of a live process counts as alive: other processes cannot see threads, so a
 * thread's slot is freed by its final flush (or when its process dies).
 */
export function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0)
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (owner.startToken === '') return true
  const token = owner.pid === process.pid ? selfOwner().startToken : startTokenOf(owner.pid)
  return token === '' || token === owner.startToken
}
