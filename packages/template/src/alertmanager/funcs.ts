import { goFunc, type FuncMap } from '../func.js'
import { compileGoRegexp, replaceAllGo } from '../go-regexp.js'
import { casesTitle } from '../strings.js'
import { SafeHtml } from '../template.js'

/**
 * Alertmanager's template functions: toUpper, toLower, title, join (separator first, for
 * pipelines), match, safeHtml, reReplaceAll and stringSlice.
 */
export function alertmanagerFuncs(): FuncMap {
  return {
    toUpper: goFunc(['string'], (s: string) => s.toUpperCase()),
    toLower: goFunc(['string'], (s: string) => s.toLowerCase()),
    title: goFunc(['string'], casesTitle),
    join: goFunc(['string', 'strings'], (sep: string, items: readonly string[] | undefined) =>
      (items ?? []).join(sep),
    ),
    match: goFunc(['string', 'string'], (pattern: string, s: string) => compileGoRegexp(pattern).test(s)),
    safeHtml: goFunc(['string'], (s: string) => new SafeHtml(s)),
    reReplaceAll: goFunc(['string', 'string', 'string'], replaceAllGo),
    stringSlice: goFunc([], (...items: string[]) => items, 'string'),
  }
}
