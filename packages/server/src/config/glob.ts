import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { ConfigError } from './config-error.js'

/** Translates a Go `filepath.Match` pattern for one path segment into a RegExp; throws on a malformed class. */
export function globSegmentRegex(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '\\') {
      const next = pattern[++i]
      if (next === undefined) throw new ConfigError('syntax error in pattern')
      out += `\\u{${(next.codePointAt(0) as number).toString(16)}}`
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) throw new ConfigError('syntax error in pattern')
      let body = pattern.slice(i + 1, end)
      const negated = body.startsWith('^')
      if (negated) body = body.slice(1)
      out += `[${negated ? '^' : ''}${body.replace(/[\]\\/]/g, '\\$&')}]`
      i = end
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${out}$`, 'u')
}

/** Files matching `pattern`, whose wildcards may only appear in the last segment (as Prometheus allows), sorted. */
export async function globFiles(pattern: string): Promise<string[]> {
  const base = basename(pattern)
  const dir = dirname(pattern)
  if (!/[*?[\\]/.test(base)) {
    const names = await readdir(dir).catch(() => [] as string[])
    return names.includes(base) ? [pattern] : []
  }
  const regex = globSegmentRegex(base)
  const names = await readdir(dir).catch(() => [] as string[])
  return names
    .filter((name) => regex.test(name))
    .sort()
    .map((name) => (pattern.startsWith('./') || dir !== '.' ? join(dir, name) : name))
}
