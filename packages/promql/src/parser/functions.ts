import type { ValueType } from './ast.js'

/** A PromQL function's signature, as the parser type-checks calls against it. */
export interface FunctionSignature {
  readonly name: string
  /** Argument types; with `variadic` != 0 the last entry repeats (or is optional). */
  readonly argTypes: readonly ValueType[]
  /**
   * 0: exactly `argTypes.length` arguments. n > 0: the last argument type may be left out or
   * repeated, up to `argTypes.length - 1 + n` arguments. -1: unlimited repetitions.
   */
  readonly variadic: number
  readonly returnType: ValueType
  /** Behind Prometheus's `promql-experimental-functions` feature flag. */
  readonly experimental: boolean
}

type Spec = [args: string, ret: 'v' | 's', variadic?: number, experimental?: 'x']

const typeCodes: Record<string, ValueType> = { v: 'vector', m: 'matrix', s: 'scalar', S: 'string' }

// One letter per argument: v instant vector, m range vector, s scalar, S string.
const specs: Record<string, Spec> = {
  abs: ['v', 'v'],
  absent: ['v', 'v'],
  absent_over_time: ['m', 'v'],
  acos: ['v', 'v'],
  acosh: ['v', 'v'],
  asin: ['v', 'v'],
  asinh: ['v', 'v'],
  atan: ['v', 'v'],
  atanh: ['v', 'v'],
  avg_over_time: ['m', 'v'],
  ceil: ['v', 'v'],
  changes: ['m', 'v'],
  clamp: ['vss', 'v'],
  clamp_max: ['vs', 'v'],
  clamp_min: ['vs', 'v'],
  cos: ['v', 'v'],
  cosh: ['v', 'v'],
  count_over_time: ['m', 'v'],
  days_in_month: ['v', 'v', 1],
  day_of_month: ['v', 'v', 1],
  day_of_week: ['v', 'v', 1],
  day_of_year: ['v', 'v', 1],
  deg: ['v', 'v'],
  delta: ['m', 'v'],
  deriv: ['m', 'v'],
  double_exponential_smoothing: ['mss', 'v', 0, 'x'],
  end: ['', 's', 0, 'x'],
  exp: ['v', 'v'],
  first_over_time: ['m', 'v'],
  floor: ['v', 'v'],
  histogram_avg: ['v', 'v'],
  histogram_count: ['v', 'v'],
  histogram_fraction: ['ssv', 'v'],
  histogram_quantile: ['sv', 'v'],
  histogram_quantiles: ['vSss', 'v', 9, 'x'],
  histogram_stddev: ['v', 'v'],
  histogram_stdvar: ['v', 'v'],
  histogram_sum: ['v', 'v'],
  hour: ['v', 'v', 1],
  idelta: ['m', 'v'],
  increase: ['m', 'v'],
  info: ['vv', 'v', 1, 'x'],
  irate: ['m', 'v'],
  label_join: ['vSSS', 'v', -1],
  label_replace: ['vSSSS', 'v'],
  last_over_time: ['m', 'v'],
  ln: ['v', 'v'],
  log10: ['v', 'v'],
  log2: ['v', 'v'],
  mad_over_time: ['m', 'v', 0, 'x'],
  max_of: ['ss', 's', 0, 'x'],
  max_over_time: ['m', 'v'],
  min_of: ['ss', 's', 0, 'x'],
  min_over_time: ['m', 'v'],
  minute: ['v', 'v', 1],
  month: ['v', 'v', 1],
  pi: ['', 's'],
  predict_linear: ['ms', 'v'],
  present_over_time: ['m', 'v'],
  quantile_over_time: ['sm', 'v'],
  rad: ['v', 'v'],
  range: ['', 's', 0, 'x'],
  rate: ['m', 'v'],
  resets: ['m', 'v'],
  round: ['vs', 'v', 1],
  scalar: ['v', 's'],
  sgn: ['v', 'v'],
  sin: ['v', 'v'],
  sinh: ['v', 'v'],
  sort: ['v', 'v'],
  sort_by_label: ['vS', 'v', -1, 'x'],
  sort_by_label_desc: ['vS', 'v', -1, 'x'],
  sort_desc: ['v', 'v'],
  sqrt: ['v', 'v'],
  start: ['', 's', 0, 'x'],
  start_timestamp: ['v', 'v', 0, 'x'],
  stddev_over_time: ['m', 'v'],
  stdvar_over_time: ['m', 'v'],
  step: ['', 's', 0, 'x'],
  sum_over_time: ['m', 'v'],
  tan: ['v', 'v'],
  tanh: ['v', 'v'],
  time: ['', 's'],
  timestamp: ['v', 'v'],
  ts_of_first_over_time: ['m', 'v', 0, 'x'],
  ts_of_last_over_time: ['m', 'v', 0, 'x'],
  ts_of_max_over_time: ['m', 'v', 0, 'x'],
  ts_of_min_over_time: ['m', 'v', 0, 'x'],
  vector: ['s', 'v'],
  year: ['v', 'v', 1],
}

function build(): ReadonlyMap<string, FunctionSignature> {
  const table = new Map<string, FunctionSignature>()
  for (const [name, [args, ret, variadic = 0, experimental]] of Object.entries(specs)) {
    const argTypes = [...args].map((c) => typeCodes[c] as ValueType)
    table.set(
      name,
      Object.freeze({
        name,
        argTypes,
        variadic,
        returnType: typeCodes[ret] as ValueType,
        experimental: experimental === 'x',
      }),
    )
  }
  return table
}

/** The function table of Prometheus 3.x (experimental functions included), keyed by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = build()

/** The signature of the named function (names are case-sensitive), or undefined. */
export function getFunction(name: string): FunctionSignature | undefined {
  return FUNCTIONS.get(name)
}
