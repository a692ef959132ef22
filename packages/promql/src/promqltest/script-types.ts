import type { SeriesLine, SequenceValue } from './series-line.js'

/** Every command knows the 1-based line of the script it came from. */
interface Located {
  line: number
}

/** `load <interval>` or `load_with_nhcb <interval>` with its series. */
export interface LoadCommand extends Located {
  kind: 'load'
  intervalMs: number
  withNhcb: boolean
  series: LoadSeries[]
}

/** A series to load; `startOffsetsMs` comes from a preceding `@st` line (undefined positions have none). */
export interface LoadSeries extends SeriesLine {
  line: number
  startOffsetsMs?: (number | undefined)[]
}

/** `clear`: drop all data. */
export interface ClearCommand extends Located {
  kind: 'clear'
}

/** How an `expect` line matches an annotation or error message. */
export interface MessageMatch {
  kind: 'any' | 'msg' | 'regex'
  text: string
}

/** One `expect fail|warn|info` line. */
export interface Expectation extends Located {
  type: 'fail' | 'warn' | 'info'
  match: MessageMatch
}

/** One expected result series; `values` are positional from the query start. */
export interface ExpectedSeries extends Located {
  labels: SeriesLine['labels']
  values: SequenceValue[]
}

/** `eval instant …`, `eval range …` and their legacy spellings, with everything they expect. */
export interface EvalCommand extends Located {
  kind: 'eval'
  mode: 'instant' | 'range'
  expr: string
  startMs: number
  endMs: number
  stepMs: number
  /** At least one error is expected (`expect fail`, `eval_fail`, `expected_fail_*`). */
  expectFail: Expectation | undefined
  warnings: Expectation[]
  infos: Expectation[]
  noWarn: boolean
  noInfo: boolean
  /** `eval_warn` / `eval_info`: at least one such annotation, messages unchecked. */
  legacyWarn: boolean
  legacyInfo: boolean
  ordered: boolean
  /** `expect range vector from … to … step …` on an instant query. */
  rangeVector: { startMs: number; endMs: number; stepMs: number } | undefined
  /** `expect string "…"`. */
  expectedString: string | undefined
  /** A bare number line: the result must be this scalar. */
  expectedScalar: number | undefined
  series: ExpectedSeries[]
}

/** Any script command. */
export type ScriptCommand = LoadCommand | ClearCommand | EvalCommand
