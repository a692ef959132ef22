import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, visit, type Node } from 'yaml'

/** What Prometheus prints in place of a secret. */
export const SECRET_MARKER = '<secret>'

/**
 * Keys whose values are secrets (Go's config.Secret) wherever they appear: HTTP client
 * credentials in scrape, SD, remote write/read and Alertmanager sections, and the SD mechanisms'
 * own tokens and keys.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'credentials',
  'bearer_token',
  'client_secret',
  'secret_key',
  'token',
  'application_credential_secret',
  'key',
])

/** Keys whose every nested value is secret (header values to a proxy, for example). */
const SECRET_VALUE_MAPS: ReadonlySet<string> = new Set(['proxy_connect_header'])

function redactScalars(node: Node): void {
  visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === 'string' && scalar.value !== '') scalar.value = SECRET_MARKER
    },
    Pair(_key, pair) {
      // Header names stay readable; only their values are redacted.
      if (isScalar(pair.value) && typeof pair.value.value === 'string' && pair.value.value !== '')
        pair.value.value = SECRET_MARKER
      else if (isSeq(pair.value) || isMap(pair.value)) redactScalars(pair.value)
      return visit.SKIP
    },
  })
}

const URL_PASSWORD = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/

/** A URL with its userinfo password shown as Go's URL.Redacted shows it (`xxxxx`); other text as is. */
export function redactUrlPassword(text: string): string {
  return text.replace(URL_PASSWORD, '$1:xxxxx@')
}

/**
 * The configuration text with every secret value replaced by `<secret>`, as /api/v1/status/config
 * shows it (passwords inside URLs as `xxxxx`, as Prometheus does); empty secrets stay empty and `*_file` paths stay visible, as in Prometheus. Text that
 * does not parse is withheld entirely rather than risk printing a secret.
 */
export function redactConfigYaml(text: string): string {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false })
  if (doc.errors.length > 0) return ''
  visit(doc, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return undefined
      const key = String(pair.key.value)
      if (SECRET_VALUE_MAPS.has(key) && (isMap(pair.value) || isSeq(pair.value))) {
        redactScalars(pair.value)
        return visit.SKIP
      }
      if (!SECRET_KEYS.has(key)) {
        if (isScalar(pair.value) && typeof pair.value.value === 'string')
          pair.value.value = redactUrlPassword(pair.value.value)
        return undefined
      }
      // An alias would print its anchor's text; the secret is replaced wherever it came from.
      if (
        isAlias(pair.value) ||
        (isScalar(pair.value) && pair.value.value !== null && pair.value.value !== '')
      ) {
        const marker = new Scalar(SECRET_MARKER)
        // Keeps the anchor so aliases elsewhere still resolve, to the marker.
        if (isScalar(pair.value) && pair.value.anchor !== undefined) marker.anchor = pair.value.anchor
        pair.value = marker
      }
      return undefined
    },
  })
  try {
    return doc.toString({ lineWidth: 0 })
  } catch {
    return ''
  }
}
