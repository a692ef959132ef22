import { SECRET_MARKER } from './secret.js'

/** Fields of the parsed configuration that hold secrets (HttpClientConfig and its parts). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['password', 'credentials', 'bearerToken', 'clientSecret'])
const SECRET_CONTAINERS: ReadonlySet<string> = new Set(['proxyConnectHeader'])
const URL_PASSWORD = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#@:]*:([^/?#@]+)@/

function collect(value: unknown, inSecret: boolean, out: Set<string>): void {
  if (typeof value === 'string') {
    if (inSecret) out.add(value)
    else {
      const m = URL_PASSWORD.exec(value)
      if (m !== null) {
        out.add(m[1] as string)
        try {
          out.add(decodeURIComponent(m[1] as string))
        } catch {
          // Not percent-encoded after all: the raw text is already recorded.
        }
      }
    }
    return
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, inSecret, out)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [k, v] of Object.entries(value))
    collect(v, inSecret || SECRET_FIELDS.has(k) || SECRET_CONTAINERS.has(k), out)
}

/**
 * Keeps secrets out of log lines: learns every secret of each configuration applied (credentials,
 * tokens, client secrets, proxy headers, passwords inside URLs) and replaces them with `<secret>`
 * in whatever is logged. Secrets of earlier configurations are remembered, since a line may be
 * about a component still running with them.
 */
export class SecretScrubber {
  private secrets: string[] = []

  /** Learns the secrets of a parsed configuration. */
  learn(config: unknown): void {
    const found = new Set(this.secrets)
    collect(config, false, found)
    // Very short values would blank out ordinary words; Prometheus's own test configs use longer ones.
    this.secrets = [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)
  }

  /** The line with every known secret replaced. */
  scrub(line: string): string {
    let out = line
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(SECRET_MARKER)
    return out
  }
}
