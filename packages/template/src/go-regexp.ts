/**
 * Compiles a Go (RE2) pattern as templates use it (`match`, `reReplaceAll`): unanchored, `.`
 * not matching newline, `(?P<name>…)` groups and leading `(?flags)` translated to JavaScript.
 */
export function compileGoRegexp(pattern: string, global = false): RegExp {
  let source = pattern
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\\A/g, '^')
  let flags = global ? 'g' : ''
  const lead = /^\(\?([imsU]+)\)/.exec(source)
  if (lead) {
    for (const f of lead[1] as string) if (f !== 'U' && !flags.includes(f)) flags += f
    source = source.slice(lead[0].length)
  }
  try {
    return new RegExp(source, flags + 'u')
  } catch {
    try {
      return new RegExp(source, flags)
    } catch (err) {
      throw new Error(
        `error parsing regexp: ${err instanceof Error ? err.message : String(err)}: \`${pattern}\``,
      )
    }
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

/** Go's Regexp.ReplaceAllString: every non-overlapping match replaced by the expanded template. */
export function replaceAllGo(pattern: string, replacement: string, text: string): string {
  const re = compileGoRegexp(pattern, true)
  let out = ''
  let last = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out += text.slice(last, m.index) + expandGoReplacement(replacement, m)
    last = m.index + m[0].length
    if (m[0].length === 0) re.lastIndex++
  }
  return out + text.slice(last)
}
