import { spawnSync } from 'node:child_process'
import type { MetricState, Owner, SlotFile } from './state.js'

let dead: number | undefined

/** The pid of a process that has already exited (pids are not reused this quickly). */
export function deadPid(): number {
  dead ??= spawnSync(process.execPath, ['-e', '']).pid as number
  return dead
}

/** A counter metric state with one unlabelled series. */
export function counterState(value: number): MetricState {
  return {
    name: 'c_total',
    help: 'h',
    type: 'counter',
    unit: '',
    labelNames: [],
    mode: 'sum',
    series: [{ l: [], v: value, cr: 1 }],
  }
}

/** A slot file for tests. */
export function slotFile(
  slot: number,
  owner: Owner,
  metrics: MetricState[],
  incarnation = `inc-${slot}-${owner.pid}`,
): SlotFile {
  return { kind: 'slot', slot, incarnation, owner, flushedMs: 1, appliedSeq: 0, exited: false, metrics }
}
