import { InvalidRegexError, Re2Searcher } from '@watchfire/model'

/**
 * Compiles a Go (RE2) pattern as templates use it (`match`, `reReplaceAll`): unanchored, `.` not
 * matching newline, leftmost-first, in time linear in the text whatever the pattern.
 */
export function compileGoRegexp(pattern: string): Re2Searcher {
  try {
    return new Re2Searcher(pattern)
  } catch (err) {
    if (err instanceof InvalidRegexError)
      throw new Error(`error parsing regexp: ${err.reason}: \`${pattern}\``)
    throw err
  }
}

/** Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in a replacement, as Go's Regexp.Expand does. */
export function expandGoReplacement(template: string, match: RegExpExecArray): string {
  let out = ''
  for (let i = 0; i < template.length;) {
    const c = template[i] as string
    if (c !== '$') {
      out += c
      i++
      continue
    }
    if (template[i + 1] === '$') {
      out += '$'
      i += 2
      continue
    }
    const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(template.slice(i))
    if (!m) {
      out += '$'
      i++
      continue
    }
    const name = (m[1] ?? m[2]) as string
    if (/^\d+$/.test(name)) out += match[Number(name)] ?? ''
    else out += match.groups?.[name] ?? ''
    i += m[0].length
  }
  return out
}

/**
 * Go's Regexp.ReplaceAllString: every non-overlapping match replaced by the expanded template; an
 * empty match right after a previous match is not replaced, and the search always moves on.
 */
export function replaceAllGo(pattern: string, replacement: string, text: string): string {
  const re = compileGoRegexp(pattern)
  let out = ''
  let lastEnd = 0
  let searchPos = 0
  while (searchPos <= text.length) {
    const m = re.exec(text, searchPos)
    if (m === null) break
    const end = m.index + m[0].length
    out += text.slice(lastEnd, m.index)
    if (end > lastEnd || m.index === 0) out += expandGoReplacement(replacement, m)
    lastEnd = end
    const cp = text.codePointAt(searchPos)
    const width = cp === undefined ? 1 : cp > 0xffff ? 2 : 1
    searchPos = searchPos + width > end ? searchPos + width : end
  }
  return out + text.slice(lastEnd)
}
