function isSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0
  if (cp <= 0x7f) return !/[A-Za-z0-9_]/.test(ch)
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false
  return /\s/u.test(ch)
}

/** Go's strings.Title (Prometheus's `title`): upper-cases each letter that follows a separator. */
export function goStringsTitle(s: string): string {
  let prev = ' '
  let out = ''
  for (const ch of s) {
    out += isSeparator(prev) ? ch.toUpperCase() : ch
    prev = ch
  }
  return out
}

/**
 * x/text/cases Title for American English (Alertmanager's `title`): the first letter of each word
 * upper-cased, the rest lower-cased; `.`, `:` and `'` between letters stay inside a word.
 */
export function casesTitle(s: string): string {
  const chars = [...s]
  let out = ''
  let inWord = false
  chars.forEach((ch, i) => {
    const letter = /[\p{L}\p{N}_]/u.test(ch)
    const mid = /[.:'’]/.test(ch) && inWord && /[\p{L}\p{N}]/u.test(chars[i + 1] ?? '')
    if (letter) {
      out += inWord ? ch.toLowerCase() : ch.toUpperCase()
      inWord = true
    } else {
      out += ch
      inWord = mid
    }
  })
  return out
}

/** Go's net.SplitHostPort host part, or undefined when the text has no valid port. */
export function splitHost(hostPort: string): { host: string; port: string } | undefined {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']')
    if (end < 0 || hostPort[end + 1] !== ':') return undefined
    return { host: hostPort.slice(1, end), port: hostPort.slice(end + 2) }
  }
  const i = hostPort.lastIndexOf(':')
  if (i < 0) return undefined
  const host = hostPort.slice(0, i)
  if (host.includes(':')) return undefined
  return { host, port: hostPort.slice(i + 1) }
}
