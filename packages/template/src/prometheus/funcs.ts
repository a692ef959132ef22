import { isIP } from 'node:net'
import { queryEscape } from '../escape.js'
import { goFunc, type ExecContext, type FuncMap } from '../func.js'
import { compileGoRegexp, replaceAllGo } from '../go-regexp.js'
import { goStringsTitle, splitHost } from '../strings.js'
import { SafeHtml } from '../template.js'
import { goTypeName } from '../values.js'
import {
  floatToTime,
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
  toFloat,
} from './humanize.js'

/** One sample of a query result as the query function hands it over. */
export interface QuerySampleInput {
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

/** Evaluates a PromQL instant query at the rule's evaluation time (injected by the rules engine). */
export type QueryFunc = (expr: string) => Promise<readonly QuerySampleInput[]> | readonly QuerySampleInput[]

/** A sample as templates see it: `.Labels` and `.Value` (Prometheus's `*template.sample`). */
export class QuerySample {
  static readonly goType = '*template.sample'
  constructor(
    readonly Labels: Readonly<Record<string, string>>,
    readonly Value: number,
  ) {}
}

/** What Prometheus's template functions need from their surroundings. */
export interface PrometheusFuncsOptions {
  /** Runs `query "…"`; without it, `query` fails with an error. */
  query?: QueryFunc
  /** The server's external URL, for `externalURL` and `pathPrefix`. */
  externalURL?: string
}

function asSamples(v: unknown, fn: string): QuerySample[] {
  if (!Array.isArray(v) || !v.every((s) => s instanceof QuerySample)) {
    throw new Error(`${fn}: wrong type for value; expected template.queryResult; got ${goTypeName(v)}`)
  }
  return v as QuerySample[]
}

function asSample(v: unknown, fn: string): QuerySample {
  if (!(v instanceof QuerySample))
    throw new Error(`${fn}: wrong type for value; expected *template.sample; got ${goTypeName(v)}`)
  return v
}

function urlPath(externalURL: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(externalURL)
  return m ? (m[1] ?? '') : ''
}

/**
 * Prometheus's template functions for alerting and recording rule templates (as of 2.42):
 * query, first, label, value, strvalue, args, reReplaceAll, safeHtml, match, title, toUpper,
 * toLower, graphLink, tableLink, sortByLabel, stripPort, stripDomain, humanize, humanize1024,
 * humanizeDuration, humanizePercentage, humanizeTimestamp, toTime, pathPrefix, externalURL, tmpl.
 */
export function prometheusFuncs(options: PrometheusFuncsOptions = {}): FuncMap {
  const externalURL = options.externalURL ?? ''
  return {
    query: goFunc(['string'], async (expr: string) => {
      if (options.query === undefined) throw new Error('no query function configured')
      const vector = await options.query(expr)
      return vector.map((s) => new QuerySample(s.labels, s.value))
    }),
    first: goFunc(['any'], (v: unknown) => {
      const samples = asSamples(v, 'first')
      if (samples.length === 0) throw new Error('first() called on vector with no elements')
      return samples[0]
    }),
    label: goFunc(['string', 'any'], (name: string, s: unknown) => asSample(s, 'label').Labels[name] ?? ''),
    value: goFunc(['any'], (s: unknown) => asSample(s, 'value').Value),
    strvalue: goFunc(['any'], (s: unknown) => asSample(s, 'strvalue').Labels['__value__'] ?? ''),
    args: goFunc([], (...args: unknown[]) => Object.fromEntries(args.map((a, i) => [`arg${i}`, a])), 'any'),
    reReplaceAll: goFunc(['string', 'string', 'string'], replaceAllGo),
    safeHtml: goFunc(['string'], (s: string) => new SafeHtml(s)),
    match: goFunc(['string', 'string'], (pattern: string, s: string) => compileGoRegexp(pattern).test(s)),
    title: goFunc(['string'], goStringsTitle),
    toUpper: goFunc(['string'], (s: string) => s.toUpperCase()),
    toLower: goFunc(['string'], (s: string) => s.toLowerCase()),
    graphLink: goFunc(['string'], (expr: string) => `/graph?g0.expr=${queryEscape(expr)}&g0.tab=0`),
    tableLink: goFunc(['string'], (expr: string) => `/graph?g0.expr=${queryEscape(expr)}&g0.tab=1`),
    sortByLabel: goFunc(['string', 'any'], (name: string, v: unknown) =>
      asSamples(v, 'sortByLabel').sort((a, b) => {
        const x = a.Labels[name] ?? ''
        const y = b.Labels[name] ?? ''
        return x < y ? -1 : x > y ? 1 : 0
      }),
    ),
    stripPort: goFunc(['string'], (hostPort: string) => splitHost(hostPort)?.host ?? hostPort),
    stripDomain: goFunc(['string'], (hostPort: string) => {
      const split = splitHost(hostPort)
      const host = split?.host ?? hostPort
      if (isIP(host) !== 0) return hostPort
      const short = host.split('.')[0] ?? ''
      if (split === undefined || split.port === '') return short
      return short.includes(':') ? `[${short}]:${split.port}` : `${short}:${split.port}`
    }),
    humanize: goFunc(['any'], humanize),
    humanize1024: goFunc(['any'], humanize1024),
    humanizeDuration: goFunc(['any'], humanizeDuration),
    humanizePercentage: goFunc(['any'], humanizePercentage),
    humanizeTimestamp: goFunc(['any'], humanizeTimestamp),
    toTime: goFunc(['any'], (v: unknown) => {
      const f = toFloat(v)
      if (!Number.isFinite(f)) throw new Error('value is NaN or Inf')
      return floatToTime(f)
    }),
    pathPrefix: goFunc([], () => urlPath(externalURL)),
    externalURL: goFunc([], () => externalURL),
    tmpl: goFunc(['string', 'any'], async function (this: ExecContext, name: string, data: unknown) {
      return new SafeHtml(await this.executeTemplate(name, data))
    }),
  }
}
