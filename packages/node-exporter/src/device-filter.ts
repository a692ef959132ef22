import { NodeExporterConfigError } from './errors.js'

/** node_exporter's device filter: a name is ignored when it matches `exclude` or fails to match `include`. */
export class DeviceFilter {
  private readonly exclude: RegExp | undefined
  private readonly include: RegExp | undefined

  /** Empty or undefined patterns are off; setting both is refused, as in node_exporter. */
  constructor(exclude: string | undefined, include: string | undefined, flagPrefix: string) {
    if (exclude && include) {
      throw new NodeExporterConfigError(
        `cannot filter devices (--${flagPrefix}.device-exclude and --${flagPrefix}.device-include are mutually exclusive)`,
      )
    }
    this.exclude = compile(exclude, `--${flagPrefix}.device-exclude`)
    this.include = compile(include, `--${flagPrefix}.device-include`)
  }

  /** True when `name` must not be reported. */
  ignored(name: string): boolean {
    return (
      (this.exclude !== undefined && this.exclude.test(name)) ||
      (this.include !== undefined && !this.include.test(name))
    )
  }
}

/** Compiles a flag's regular expression, naming the flag when it does not parse. */
export function compile(pattern: string | undefined, flag: string): RegExp | undefined {
  if (!pattern) return undefined
  try {
    return new RegExp(pattern)
  } catch (err) {
    throw new NodeExporterConfigError(`cannot parse ${flag} (${(err as Error).message})`, { cause: err })
  }
}
