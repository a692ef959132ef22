import { parseDuration } from '../parser/durations.js'
import { ScriptSyntaxError } from './script-error.js'

/** A script duration (`1m`, `1h30m`, `0`) in ms, or a ScriptSyntaxError naming what it was for. */
export function scriptDuration(text: string | undefined, line: number, what: string): number {
  try {
    if (text === undefined) throw new Error('missing')
    return parseDuration(text)
  } catch (err) {
    throw new ScriptSyntaxError(
      `cannot parse ${what} ${JSON.stringify(text ?? '')} (${(err as Error).message})`,
      line,
    )
  }
}
