import { ConfigError } from './config-error.js'

// Base-2 units as Prometheus reads body_size_limit: "KB" and "KiB" both mean 1024 bytes.
const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 2 ** 10,
  MB: 2 ** 20,
  GB: 2 ** 30,
  TB: 2 ** 40,
  PB: 2 ** 50,
  EB: 2 ** 60,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
  EiB: 2 ** 60,
}

/** Parses a size such as `10MB`, `512KiB` or `0` into bytes (base 2), with Prometheus's error wording. */
export function parseByteSize(text: string): number {
  if (text === '0') return 0
  let bytes = 0
  let rest = text
  if (rest === '') throw new ConfigError(`units: invalid ${text}`)
  while (rest !== '') {
    const number = /^\d+/.exec(rest)
    if (number === null) throw new ConfigError(`units: invalid ${text}`)
    rest = rest.slice(number[0].length)
    const unit = /^[^\d]*/.exec(rest)?.[0] ?? ''
    rest = rest.slice(unit.length)
    const factor = UNITS[unit]
    if (factor === undefined) throw new ConfigError(`units: unknown unit ${unit} in ${text}`)
    bytes += Number(number[0]) * factor
  }
  return bytes
}
