/**
 * Why Go's net/url.Parse refuses `raw`, worded as it words it (`parse "…": missing protocol scheme`), or
 * undefined when it parses. Config fields typed as Go URLs (proxy_url) accept exactly what it accepts: a bare
 * `foo` is a relative URL and fine, a leading `:` or a bad `%` escape is not.
 */
export function goUrlParseError(raw: string): string | undefined {
  const reason = reasonOf(raw)
  return reason === undefined ? undefined : `parse ${goQuote(raw)}: ${reason}`
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
}

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f
}

/** Go's %q of an ASCII-ish string: `\x01` where JSON would write `\u0001`. */
function goQuote(text: string): string {
  let out = '"'
  for (const c of text) {
    const code = c.charCodeAt(0)
    out += GO_ESCAPES[c] ?? (isControl(code) ? `\\x${code.toString(16).padStart(2, '0')}` : c)
  }
  return out + '"'
}

function reasonOf(raw: string): string | undefined {
  for (let i = 0; i < raw.length; i++)
    if (isControl(raw.charCodeAt(i))) return 'net/url: invalid control character in URL'
  const hash = raw.indexOf('#')
  const withoutFragment = hash < 0 ? raw : raw.slice(0, hash)
  if (hash >= 0) {
    const bad = badEscape(raw.slice(hash + 1))
    if (bad !== undefined) return bad
  }
  if (withoutFragment === '') return undefined
  const scheme = schemeOf(withoutFragment)
  if (scheme === ':') return 'missing protocol scheme'
  let rest = scheme === '' ? withoutFragment : withoutFragment.slice(scheme.length + 1)
  const query = rest.indexOf('?')
  if (query >= 0) rest = rest.slice(0, query)
  if (!rest.startsWith('/')) {
    // With a scheme the rest is opaque; without one, a colon before the first slash reads as a bad scheme.
    if (scheme !== '') return undefined
    const colon = rest.indexOf(':')
    const slash = rest.indexOf('/')
    if (colon >= 0 && (slash < 0 || colon < slash)) return 'first path segment in URL cannot contain colon'
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2)
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end)
    rest = end < 0 ? '' : rest.slice(end)
    const bad = authorityError(authority)
    if (bad !== undefined) return bad
  }
  return badEscape(rest)
}

/** The scheme before the first `:`, `':'` for Go's "missing protocol scheme", or '' when there is none. */
function schemeOf(raw: string): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string
    if (/[a-zA-Z]/.test(c)) continue
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return ''
      continue
    }
    if (c === ':') return i === 0 ? ':' : raw.slice(0, i)
    return ''
  }
  return ''
}

function authorityError(authority: string): string | undefined {
  const at = authority.lastIndexOf('@')
  if (at >= 0) {
    const userinfo = authority.slice(0, at)
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return 'net/url: invalid userinfo'
    const bad = badEscape(userinfo)
    if (bad !== undefined) return bad
  }
  return hostError(authority.slice(at + 1))
}

function hostError(host: string): string | undefined {
  let name = host
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']')
    if (close < 0) return "missing ']' in host"
    const port = host.slice(close + 1)
    if (!/^(?::[0-9]*)?$/.test(port)) return `invalid port ${goQuote(port)} after host`
    name = host.slice(0, close + 1)
  } else {
    const colon = host.lastIndexOf(':')
    if (colon >= 0) {
      const port = host.slice(colon)
      if (!/^:[0-9]*$/.test(port)) return `invalid port ${goQuote(port)} after host`
      name = host.slice(0, colon)
    }
  }
  const bad = badEscape(name)
  if (bad !== undefined) return bad
  // Characters a host may not carry unescaped (net/url's shouldEscape in host mode), ASCII only.
  const invalid = /[^A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0080-\uffff]/.exec(name)
  return invalid === null ? undefined : `invalid character ${goQuote(invalid[0])} in host name`
}

function badEscape(text: string): string | undefined {
  const m = /%(?![0-9A-Fa-f]{2})/.exec(text)
  return m === null ? undefined : `invalid URL escape ${goQuote(text.slice(m.index, m.index + 3))}`
}
