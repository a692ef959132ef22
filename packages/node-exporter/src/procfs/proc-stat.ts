import { ProcFileError } from '../errors.js'
import { fields } from '../read-file.js'

/** The kernel's USER_HZ: /proc/stat counts CPU time in 1/100 s on every Linux architecture procfs supports. */
export const USER_HZ = 100

/** CPU time of one CPU in seconds, in /proc/stat's column order. */
export interface CpuTimes {
  user: number
  nice: number
  system: number
  idle: number
  iowait: number
  irq: number
  softirq: number
  steal: number
  guest: number
  guestNice: number
}

/** The softirq vectors of /proc/stat's `softirq` line, in the kernel's order. */
export const SOFTIRQ_VECTORS = [
  'hi',
  'timer',
  'net_tx',
  'net_rx',
  'block',
  'block_iopoll',
  'tasklet',
  'sched',
  'hrtimer',
  'rcu',
] as const

/** What /proc/stat holds. */
export interface ProcStat {
  /**
   * Per-CPU times indexed by CPU number. A CPU that is offline has no line; like procfs, its slot is
   * filled with zeros when a higher-numbered CPU is present, so indexes stay CPU numbers.
   */
  cpus: CpuTimes[]
  irqTotal: number
  contextSwitches: number
  bootTime: number
  processesCreated: number
  processesRunning: number
  processesBlocked: number
  softirq: number[]
}

/** A CPU entry with every time zero. */
export function zeroCpuTimes(): CpuTimes {
  return {
    user: 0,
    nice: 0,
    system: 0,
    idle: 0,
    iowait: 0,
    irq: 0,
    softirq: 0,
    steal: 0,
    guest: 0,
    guestNice: 0,
  }
}

/** Parses /proc/stat; `path` only names the file in errors. */
export function parseProcStat(text: string, path: string): ProcStat {
  const stat: ProcStat = {
    cpus: [],
    irqTotal: 0,
    contextSwitches: 0,
    bootTime: 0,
    processesCreated: 0,
    processesRunning: 0,
    processesBlocked: 0,
    softirq: [],
  }
  for (const line of text.split('\n')) {
    const parts = fields(line)
    const key = parts[0]
    if (key === undefined || parts.length < 2) continue
    if (key.startsWith('cpu')) {
      if (key === 'cpu') continue
      const id = Number(key.slice(3))
      if (!Number.isInteger(id) || id < 0)
        throw new ProcFileError(`cannot parse CPU line ${JSON.stringify(key)}`, path)
      while (stat.cpus.length <= id) stat.cpus.push(zeroCpuTimes())
      stat.cpus[id] = parseCpuLine(parts, path)
      continue
    }
    const value = number(parts[1] as string, key, path)
    switch (key) {
      case 'intr':
        stat.irqTotal = value
        break
      case 'ctxt':
        stat.contextSwitches = value
        break
      case 'btime':
        stat.bootTime = value
        break
      case 'processes':
        stat.processesCreated = value
        break
      case 'procs_running':
        stat.processesRunning = value
        break
      case 'procs_blocked':
        stat.processesBlocked = value
        break
      case 'softirq':
        stat.softirq = parts.slice(2, 2 + SOFTIRQ_VECTORS.length).map((v) => number(v, key, path))
        break
    }
  }
  return stat
}

function parseCpuLine(parts: string[], path: string): CpuTimes {
  // Older kernels have fewer columns; the missing ones stay zero, as in procfs.
  const v = (i: number): number =>
    parts[i] === undefined ? 0 : number(parts[i], parts[0] as string, path) / USER_HZ
  return {
    user: v(1),
    nice: v(2),
    system: v(3),
    idle: v(4),
    iowait: v(5),
    irq: v(6),
    softirq: v(7),
    steal: v(8),
    guest: v(9),
    guestNice: v(10),
  }
}

function number(text: string, key: string, path: string): number {
  const n = Number(text)
  if (text === '' || !Number.isFinite(n)) {
    throw new ProcFileError(`cannot parse ${JSON.stringify(text)} in the ${key} line`, path)
  }
  return n
}
