import { WatchfireError } from '@watchfire/model'

/** A command-line flag in the style of Prometheus's tools (kingpin): `--name=value`, `--name value`, `--[no-]name`. */
export type FlagSpec =
  | { type: 'string'; help: string; default?: string }
  | { type: 'number'; help: string; default?: number }
  | { type: 'bool'; help: string; default?: boolean }
  | { type: 'duration'; help: string; default?: string }
  | { type: 'list'; help: string; default?: string[] }

/** The flags a command accepts, by name without the leading dashes (e.g. `web.listen-address`). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>

/** The parsed value of each flag kind; durations are milliseconds. */
type FlagValue<S extends FlagSpec> = S extends { type: 'string' }
  ? string | undefined
  : S extends { type: 'number' }
    ? number | undefined
    : S extends { type: 'bool' }
      ? boolean
      : S extends { type: 'duration' }
        ? number | undefined
        : string[]

/** Parsed flags, typed from their specs, plus the positional arguments. */
export type ParsedFlags<F extends FlagSpecs> = { [K in keyof F]: FlagValue<F[K]> } & { _: string[] }

/** A command line that cannot be parsed; the message names the flag and the problem. */
export class FlagError extends WatchfireError {
  constructor(message: string) {
    super('ERR_FLAG', message)
  }
}

const durationUnits: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
}

/** Parses a Prometheus duration such as `1h30m`, `15s` or `500ms` into milliseconds. */
export function parsePrometheusDuration(text: string): number {
  if (text === '0') return 0
  const parts = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text)
  if (text === '' || parts === null) throw new FlagError(`cannot parse duration ${JSON.stringify(text)}`)
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms']
  let ms = 0
  units.forEach((unit, i) => {
    const n = parts[i + 1]
    if (n !== undefined) ms += Number(n) * (durationUnits[unit] as number)
  })
  return ms
}

/** Parses `argv` against `specs`; throws FlagError for unknown flags and malformed values. */
export function parseFlags<F extends FlagSpecs>(argv: readonly string[], specs: F): ParsedFlags<F> {
  const values: Record<string, unknown> = { _: [] as string[] }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === 'bool') values[name] = spec.default ?? false
    else if (spec.type === 'list') values[name] = [...(spec.default ?? [])]
    else if (spec.type === 'duration')
      values[name] = spec.default === undefined ? undefined : parsePrometheusDuration(spec.default)
    else values[name] = spec.default
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      ;(values._ as string[]).push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--')) {
      ;(values._ as string[]).push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    let inline = eq === -1 ? undefined : arg.slice(eq + 1)
    let spec = specs[name]
    if (spec === undefined && name.startsWith('no-') && specs[name.slice(3)]?.type === 'bool') {
      name = name.slice(3)
      spec = specs[name]
      if (inline !== undefined) throw new FlagError(`flag --no-${name} takes no value`)
      inline = 'false'
    }
    if (spec === undefined) throw new FlagError(`unknown flag --${name}`)
    if (spec.type === 'bool') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw new FlagError(`flag --${name} expects true or false, got ${JSON.stringify(inline)}`)
      }
      values[name] = inline !== 'false'
      continue
    }
    const raw = inline ?? argv[++i]
    if (raw === undefined) throw new FlagError(`flag --${name} expects a value`)
    switch (spec.type) {
      case 'string':
        values[name] = raw
        break
      case 'number': {
        const n = Number(raw)
        if (raw.trim() === '' || !Number.isFinite(n))
          throw new FlagError(`flag --${name} expects a number, got ${JSON.stringify(raw)}`)
        values[name] = n
        break
      }
      case 'duration':
        try {
          values[name] = parsePrometheusDuration(raw)
        } catch {
          throw new FlagError(
            `flag --${name} expects a duration such as 15s or 1h30m, got ${JSON.stringify(raw)}`,
          )
        }
        break
      case 'list':
        ;(values[name] as string[]).push(raw)
        break
    }
  }
  return values as ParsedFlags<F>
}

/** The `--help` text for a command's flags. */
export function formatFlagHelp(specs: FlagSpecs): string {
  const lines: string[] = []
  for (const [name, spec] of Object.entries(specs)) {
    const label = spec.type === 'bool' ? `--[no-]${name}` : `--${name}=<${spec.type}>`
    const def =
      spec.default === undefined || (Array.isArray(spec.default) && spec.default.length === 0)
        ? ''
        : ` (default: ${String(spec.default)})`
    lines.push(`  ${label.padEnd(44)} ${spec.help}${def}`)
  }
  return lines.join('\n')
}
