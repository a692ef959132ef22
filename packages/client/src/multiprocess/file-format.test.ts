import { describe, expect, it } from 'vitest'
import { MultiprocessFileError } from './errors.js'
import { FORMAT_VERSION, decodeFile, encodeFile } from './file-format.js'

const payload = { kind: 'slot', metrics: [{ name: 'a', v: 1.5 }] }

function damaged(edit: (b: Buffer) => Buffer): Buffer {
  return edit(Buffer.from(encodeFile(payload)))
}

describe('metrics file framing', () => {
  it('round-trips a payload', () => {
    expect(decodeFile('f', encodeFile(payload))).toEqual(payload)
  })

  it.each([
    ['an empty file', () => Buffer.alloc(0), /truncated: 0 bytes/],
    ['a header only', () => damaged((b) => b.subarray(0, 16)), /truncated: payload is 0 of/],
    ['a cut payload', () => damaged((b) => b.subarray(0, b.length - 3)), /truncated/],
    ['a flipped payload byte', () => damaged((b) => (b.writeUInt8(b[20]! ^ 1, 20), b)), /checksum mismatch/],
    [
      'another format version',
      () => damaged((b) => (b.writeUInt32BE(FORMAT_VERSION + 1, 4), b)),
      /format version 2; this client reads version 1/,
    ],
    [
      'a foreign file',
      () => Buffer.from('# HELP x y\n# TYPE x counter\nx 1\n'),
      /not a Watchfire metrics file/,
    ],
  ])('refuses %s with a message naming the file', (_, make, message) => {
    let error: unknown
    try {
      decodeFile('/dir/slot-3.wfmp', make())
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(MultiprocessFileError)
    expect((error as MultiprocessFileError).path).toBe('/dir/slot-3.wfmp')
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain('/dir/slot-3.wfmp')
  })
})
