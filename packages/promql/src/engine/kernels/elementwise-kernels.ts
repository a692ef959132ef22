/**
 * The per-sample math and date functions. Each kernel maps one float to one float; `params` are
 * the call's scalar arguments after the vector (round's to_nearest, clamp's bounds).
 */

type Kernel = (v: number, params: readonly number[]) => number

const MS_PER_DAY = 86_400_000

/** A UTC date for `v` seconds since the epoch, truncated toward zero as Go's `int64(v)` does. */
function utc(v: number): Date {
  return new Date(Math.trunc(v) * 1000)
}

function clamp(v: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, v))
}

function round(v: number, params: readonly number[]): number {
  // Multiplying by the inverse loses less precision than dividing (Prometheus does the same).
  const inverse = 1 / (params[0] ?? 1)
  return Math.floor(v * inverse + 0.5) / inverse
}

/** Midnight UTC of a calendar date; setUTCFullYear keeps years 0..99 literal (Date.UTC maps them to 19xx). */
function utcMidnight(year: number, month: number, day: number): Date {
  const d = new Date(0)
  d.setUTCFullYear(year, month, day)
  return d
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - utcMidnight(d.getUTCFullYear(), 0, 1).getTime()) / MS_PER_DAY) + 1
}

/** The per-sample kernels, keyed by PromQL function name. clamp/clamp_min/clamp_max expect max ≥ min (the evaluator drops the vector otherwise). */
export const ELEMENTWISE_KERNELS: Readonly<Record<string, Kernel>> = Object.freeze({
  abs: (v) => Math.abs(v),
  ceil: (v) => Math.ceil(v),
  floor: (v) => Math.floor(v),
  exp: (v) => Math.exp(v),
  sqrt: (v) => Math.sqrt(v),
  ln: (v) => Math.log(v),
  log2: (v) => Math.log2(v),
  log10: (v) => Math.log10(v),
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
  round,
  clamp: (v, p) => clamp(v, p[0] ?? -Infinity, p[1] ?? Infinity),
  clamp_min: (v, p) => clamp(v, p[0] ?? -Infinity, Infinity),
  clamp_max: (v, p) => clamp(v, -Infinity, p[0] ?? Infinity),
  sin: (v) => Math.sin(v),
  cos: (v) => Math.cos(v),
  tan: (v) => Math.tan(v),
  asin: (v) => Math.asin(v),
  acos: (v) => Math.acos(v),
  atan: (v) => Math.atan(v),
  sinh: (v) => Math.sinh(v),
  cosh: (v) => Math.cosh(v),
  tanh: (v) => Math.tanh(v),
  asinh: (v) => Math.asinh(v),
  acosh: (v) => Math.acosh(v),
  atanh: (v) => Math.atanh(v),
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
  day_of_month: (v) => utc(v).getUTCDate(),
  day_of_week: (v) => utc(v).getUTCDay(),
  day_of_year: (v) => dayOfYear(utc(v)),
  days_in_month: (v) => {
    const d = utc(v)
    return utcMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, 0).getUTCDate()
  },
  hour: (v) => utc(v).getUTCHours(),
  minute: (v) => utc(v).getUTCMinutes(),
  month: (v) => utc(v).getUTCMonth() + 1,
  year: (v) => utc(v).getUTCFullYear(),
})
