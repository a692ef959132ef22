import { MemoryStorage, STALE_NAN } from '@watchfire/storage'
import { Labels } from '@watchfire/model'
import type { Sample, Series, Value } from '../value.js'
import { checkAnnotations, messageMatches } from './annotations.js'
import { ChunkHintTracker } from './chunk-hints.js'
import { compareResult } from './compare-results.js'
import type { PromqlTestEngine, QueryOutcome } from './engine-contract.js'
import { convertToNhcb } from './nhcb.js'
import { parseScript } from './script-parser.js'
import type { EvalCommand, LoadCommand, ScriptCommand } from './script-types.js'

/** The outcome of one eval: `skipped` evals were not run because an earlier load failed. */
export interface EvalResult {
  line: number
  expr: string
  status: 'pass' | 'fail' | 'skipped'
  /** Why it failed, naming the script line. */
  message?: string
}

/** What a script run produced; `loadError` is set when a load failed and stopped the script. */
export interface ScriptResult {
  evals: EvalResult[]
  loadError?: string
}

/** Options of {@link runScript}. */
export interface RunOptions {
  /**
   * Also run every eligible instant eval as a range query from T-1m to T+1m step 1m and check the
   * point at T (upstream's range-mode cross-check). Default true.
   */
  rangeCrossCheck?: boolean
}

const CROSS_CHECK_STEP_MS = 60_000

/**
 * Runs a promqltest script: loads series into a fresh MemoryStorage (one commit per load block),
 * evaluates each eval through `engine` and compares results. Keeps going after a failing eval;
 * stops at a failing load. A script that does not parse throws ScriptSyntaxError before anything runs.
 */
export async function runScript(
  script: string | readonly ScriptCommand[],
  engine: PromqlTestEngine,
  options: RunOptions = {},
): Promise<ScriptResult> {
  const commands = typeof script === 'string' ? parseScript(script) : script
  const result: ScriptResult = { evals: [] }
  let storage = new MemoryStorage()
  for (const cmd of commands) {
    if (result.loadError !== undefined) {
      if (cmd.kind === 'eval') result.evals.push({ line: cmd.line, expr: cmd.expr, status: 'skipped' })
      continue
    }
    switch (cmd.kind) {
      case 'clear':
        storage = new MemoryStorage()
        break
      case 'load':
        try {
          await load(storage, cmd)
        } catch (err) {
          result.loadError = `load at line ${cmd.line} failed: ${err instanceof Error ? err.message : String(err)}`
        }
        break
      case 'eval': {
        const message = await runEval(storage, cmd, engine, options.rangeCrossCheck ?? true)
        result.evals.push(
          message === undefined
            ? { line: cmd.line, expr: cmd.expr, status: 'pass' }
            : {
                line: cmd.line,
                expr: cmd.expr,
                status: 'fail',
                message: `line ${cmd.line}: ${cmd.expr}: ${message}`,
              },
        )
      }
    }
  }
  return result
}

/**
 * Appends one load block through a single appender. A sample's start timestamp is its time plus
 * the `@st` offset at its position (none, stored as 0, where the offset is `_`).
 */
async function load(storage: MemoryStorage, cmd: LoadCommand): Promise<void> {
  const app = storage.appender()
  try {
    for (const s of cmd.series) {
      let ref = 0
      const hints = new ChunkHintTracker()
      for (const [i, v] of s.values.entries()) {
        const t = i * cmd.intervalMs
        const offset = s.startOffsetsMs?.[i]
        const st = offset === undefined ? 0 : t + offset
        if (v.kind === 'float') {
          hints.float()
          ref = app.append(ref, s.labels, t, v.v, st)
        } else if (v.kind === 'stale') {
          hints.float()
          ref = app.append(ref, s.labels, t, STALE_NAN, st)
        } else if (v.kind === 'histogram') {
          ref = app.appendHistogram(ref, s.labels, t, hints.histogram(v.h), st)
        }
      }
    }
    if (cmd.withNhcb) {
      for (const s of convertToNhcb(cmd.series, cmd.intervalMs)) {
        let ref = 0
        for (const { t, h } of s.samples) ref = app.appendHistogram(ref, s.labels, t, h)
      }
    }
  } catch (err) {
    await app.rollback()
    throw err
  }
  await app.commit()
}

async function runEval(
  storage: MemoryStorage,
  cmd: EvalCommand,
  engine: PromqlTestEngine,
  crossCheck: boolean,
): Promise<string | undefined> {
  const query = (): Promise<QueryOutcome> =>
    cmd.mode === 'instant'
      ? engine.instantQuery(storage, cmd.expr, cmd.startMs)
      : engine.rangeQuery(storage, cmd.expr, cmd.startMs, cmd.endMs, cmd.stepMs)
  const first = await check(cmd, query)
  if (first !== undefined || !crossCheck || !eligibleForCrossCheck(cmd)) return first
  const crossed = await rangeModeCheck(storage, cmd, engine)
  return crossed === undefined ? undefined : `in range-mode cross-check: ${crossed}`
}

/**
 * Upstream's range-mode cross-check: the same query as a range query around the eval time must
 * succeed and hold the expected result at that time. Annotations are not compared (range queries
 * legitimately add some, such as sort's "ineffective for range queries").
 */
async function rangeModeCheck(
  storage: MemoryStorage,
  cmd: EvalCommand,
  engine: PromqlTestEngine,
): Promise<string | undefined> {
  const t = cmd.startMs
  let value: Value
  try {
    const out = await engine.rangeQuery(
      storage,
      cmd.expr,
      t - CROSS_CHECK_STEP_MS,
      t + CROSS_CHECK_STEP_MS,
      CROSS_CHECK_STEP_MS,
    )
    value = pointAt(out.value, t, cmd.expectedScalar !== undefined)
  } catch (err) {
    return `unexpected error: ${err instanceof Error ? err.message : String(err)}`
  }
  return compareResult(cmd, value)
}

/** Runs one query and applies the failure, annotation and result checks in upstream's order. */
async function check(cmd: EvalCommand, run: () => Promise<QueryOutcome>): Promise<string | undefined> {
  let outcome: QueryOutcome
  try {
    outcome = await run()
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err)
    if (cmd.expectFail === undefined) return `unexpected error: ${text}`
    return messageMatches(cmd.expectFail.match, text)
      ? undefined
      : `error ${JSON.stringify(text)} does not match expect fail ${cmd.expectFail.match.kind}: ${cmd.expectFail.match.text}`
  }
  if (cmd.expectFail !== undefined) return 'expected the query to fail, but it succeeded'
  return (
    checkAnnotations(cmd, 'warn', outcome.warnings) ??
    checkAnnotations(cmd, 'info', outcome.infos) ??
    compareResult(cmd, outcome.value)
  )
}

function eligibleForCrossCheck(cmd: EvalCommand): boolean {
  return (
    cmd.mode === 'instant' &&
    cmd.expectFail === undefined &&
    !cmd.ordered &&
    cmd.expectedString === undefined &&
    cmd.rangeVector === undefined &&
    !/\b(?:start|end|range|step)\(\)/.test(cmd.expr)
  )
}

/** The instant vector (or scalar) a range result holds at exactly `t`. */
function pointAt(value: Value, t: number, asScalar: boolean): Value {
  if (value.type !== 'matrix') return value
  for (let i = 1; i < value.series.length; i++) {
    const [a, b] = [value.series[i - 1], value.series[i]] as [Series, Series]
    if (Labels.compare(a.metric, b.metric) >= 0) {
      throw new Error(
        `range result not sorted by labels: ${b.metric.toString()} after ${a.metric.toString()}`,
      )
    }
  }
  const samples: Sample[] = []
  for (const s of value.series) {
    const f = s.floats.find((p) => p.t === t)
    if (f !== undefined) samples.push({ metric: s.metric, t, f: f.f })
    const h = s.histograms.find((p) => p.t === t)
    if (h !== undefined) samples.push({ metric: s.metric, t, f: 0, h: h.h })
  }
  if (asScalar) return { type: 'scalar', t, v: samples[0]?.f ?? NaN }
  return { type: 'vector', samples }
}
