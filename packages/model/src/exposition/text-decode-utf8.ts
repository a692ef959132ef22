import { ParseError } from '../errors.js'

const strictDecoder = new TextDecoder('utf-8', { fatal: true })
const lenientDecoder = new TextDecoder('utf-8')

/**
 * Decodes exposition bytes as UTF-8, rejecting malformed sequences with a ParseError at the first
 * one (located through the replacement character the lenient decoder puts there).
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes)
  } catch (cause) {
    const text = lenientDecoder.decode(bytes)
    const at = Math.max(0, text.indexOf('\uFFFD'))
    const lineStart = text.lastIndexOf('\n', at - 1) + 1
    let line = 1
    for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++
    throw new ParseError('cannot decode input as UTF-8', { line, column: at - lineStart + 1 }, { cause })
  }
}
