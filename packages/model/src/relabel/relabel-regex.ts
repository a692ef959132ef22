import { compileRe2, type Re2Regex } from '../re2/re2-regex.js'

/** An anchored RE2 pattern compiled with its capturing groups, for `$1`/`${name}` expansion. */
export interface CapturingRegex {
  /** The RE2 source as written in the configuration. */
  readonly source: string
  /** Fully anchored matcher whose groups are numbered as RE2 numbers them; linear-time like RE2. */
  readonly regex: Re2Regex
  /** Name of each group by number (index 0 is the whole match); `''` for unnamed groups. */
  readonly groupNames: readonly string[]
}

/** Compiles an RE2 pattern, anchored at both ends, keeping its capturing groups; throws InvalidRegexError. */
export function compileCapturingRegex(pattern: string): CapturingRegex {
  const { regex, groupNames } = compileRe2(pattern, true)
  return { source: pattern, regex, groupNames }
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u

/** Length of the run of letters, digits and `_` at `from` (Go's template names are Unicode-aware). */
function nameLength(template: string, from: number): number {
  let i = from
  while (i < template.length) {
    const cp = template.codePointAt(i) as number
    const ch = String.fromCodePoint(cp)
    if (!NAME_CHAR.test(ch)) break
    i += ch.length
  }
  return i - from
}

function groupValue(match: RegExpExecArray, groupNames: readonly string[], name: string): string {
  if (/^\d+$/.test(name)) {
    // Go reads digits as a group number, without leading zeros and below 1e8; anything else refers to no group.
    if ((name.length > 1 && name[0] === '0') || name.length > 8) return ''
    return match[Number(name)] ?? ''
  }
  for (let i = 1; i < groupNames.length; i++) {
    const value = match[i]
    if (groupNames[i] === name && value !== undefined) return value
  }
  return ''
}

/**
 * Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in `template` the way Go's `Regexp.Expand` does:
 * the longest run of name characters after `$` is the reference, unknown or unmatched groups expand
 * to nothing, and a `$` not followed by a valid reference stays literal.
 */
export function expandTemplate(
  template: string,
  match: RegExpExecArray,
  groupNames: readonly string[],
): string {
  if (!template.includes('$')) return template
  let out = ''
  let i = 0
  while (i < template.length) {
    const dollar = template.indexOf('$', i)
    if (dollar < 0) {
      out += template.slice(i)
      break
    }
    out += template.slice(i, dollar)
    const next = template[dollar + 1]
    if (next === '$') {
      out += '$'
      i = dollar + 2
      continue
    }
    let name = ''
    let end = dollar + 1
    if (next === '{') {
      const len = nameLength(template, dollar + 2)
      if (len > 0 && template[dollar + 2 + len] === '}') {
        name = template.slice(dollar + 2, dollar + 2 + len)
        end = dollar + 3 + len
      }
    } else {
      const len = nameLength(template, dollar + 1)
      name = template.slice(dollar + 1, dollar + 1 + len)
      end = dollar + 1 + len
    }
    if (name === '') {
      out += '$'
      i = dollar + 1
      continue
    }
    out += groupValue(match, groupNames, name)
    i = end
  }
  return out
}
