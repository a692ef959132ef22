import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../errors.js'
import { ProtoReader } from './wire-reader.js'

function from(write: (w: protobuf.Writer) => protobuf.Writer): ProtoReader {
  return new ProtoReader(write(protobuf.Writer.create()).finish(), 'test input')
}

function reader(...bytes: number[]): ProtoReader {
  return new ProtoReader(Uint8Array.from(bytes), 'test input')
}

function failure(read: () => unknown): ParseError {
  try {
    read()
  } catch (err) {
    if (err instanceof ParseError) return err
    throw err
  }
  throw new Error('expected a ParseError')
}

const unsigned = [0, 1, 127, 128, 300, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]
const signed = [...unsigned, ...unsigned.filter((n) => n > 0).map((n) => -n)]

describe('ProtoReader', () => {
  it.each(unsigned)('reads uint64 %d written by protobufjs', (n) => {
    expect(from((w) => w.uint64(n)).uint64()).toBe(n)
  })

  it.each(signed)('reads int64 and sint64 %d written by protobufjs', (n) => {
    expect(from((w) => w.int64(n)).int64()).toBe(n)
    expect(from((w) => w.sint64(n)).sint64()).toBe(n)
  })

  it.each([0, 1, -1, 2 ** 31 - 1, -(2 ** 31)])('reads int32 and sint32 %d written by protobufjs', (n) => {
    expect(from((w) => w.int32(n)).int32()).toBe(n)
    expect(from((w) => w.sint32(n)).sint32()).toBe(n)
  })

  it('keeps the low 32 bits of a 64-bit varint read as uint32', () => {
    expect(from((w) => w.uint64(2 ** 32 + 5)).uint32()).toBe(5)
  })

  it.each([1.5, -0, Number.NaN, -Infinity])('reads double %d', (v) => {
    expect(Object.is(from((w) => w.double(v)).double(), v)).toBe(true)
  })

  it.each(['', 'abc', 'größe', 'x🔥y', 'é'.repeat(40), 'q'.repeat(300)])('reads string %j', (s) => {
    const r = from((w) => w.string(s))
    expect(r.string()).toBe(s)
    expect(r.more()).toBe(false)
  })

  it('returns the right strings when short strings repeat, collide or differ by one byte', () => {
    const strings = Array.from(
      { length: 3000 },
      (_, i) => ['GET', 'PUT', `k${i % 1500}`, 'x'.repeat(i % 40)][i % 4] as string,
    )
    const r = from((w) => {
      for (const s of strings) w.string(s)
      return w
    })
    expect(strings.map(() => r.string())).toEqual(strings)
  })

  it('confines a nested message to its length and restores the outer limit', () => {
    const r = from((w) => w.uint32(10).fork().uint32(8).uint32(1).ldelim().uint32(16).uint32(2))
    expect(r.tag()).toBe(10)
    const outer = r.enter()
    expect(r.tag()).toBe(8)
    expect(r.uint32()).toBe(1)
    expect(r.more()).toBe(false)
    r.leave(outer)
    expect(r.tag()).toBe(16)
    expect(r.uint32()).toBe(2)
  })

  it.each([
    ['varint', (w: protobuf.Writer) => w.uint32((1 << 3) | 0).uint64(2 ** 40)],
    ['fixed64', (w: protobuf.Writer) => w.uint32((1 << 3) | 1).double(1)],
    ['length-delimited', (w: protobuf.Writer) => w.uint32((1 << 3) | 2).string('skipped')],
    ['fixed32', (w: protobuf.Writer) => w.uint32((1 << 3) | 5).fixed32(9)],
    [
      'nested groups',
      (w: protobuf.Writer) =>
        w
          .uint32((1 << 3) | 3)
          .uint32((2 << 3) | 3)
          .uint32((2 << 3) | 4)
          .uint32((1 << 3) | 4),
    ],
  ])('skips an unknown %s field', (_name, write) => {
    const r = from((w) =>
      write(w)
        .uint32((7 << 3) | 0)
        .uint32(42),
    )
    r.skip(r.tag())
    expect(r.tag()).toBe(7 << 3)
    expect(r.uint32()).toBe(42)
  })

  it.each([
    ['truncated varint', () => reader(0x80, 0x80).uint64(), 'truncated varint at byte offset 0', 1],
    [
      '11-byte varint',
      () => reader(...Array<number>(10).fill(0xff), 0x01).uint64(),
      'varint overflows 64 bits',
      1,
    ],
    [
      'varint over 64 bits',
      () => reader(...Array<number>(9).fill(0xff), 0x02).uint64(),
      'varint overflows 64 bits',
      1,
    ],
    ['truncated double', () => reader(1, 2, 3).double(), 'truncated double at byte offset 0', 1],
    [
      'length past the end',
      () => reader(0x05, 0x61, 0x62).string(),
      'length 5 runs past the end of its message at byte offset 0',
      1,
    ],
    ['invalid UTF-8', () => reader(0x02, 0xc3, 0x28).string(), 'invalid UTF-8 in string at byte offset 1', 2],
    ['field number 0', () => reader(0x00, 0x01).tag(), 'field number 0 at byte offset 0', 1],
    ['wire type 6', () => reader(0x0e).skip(0x0e), 'invalid wire type 6', 1],
    ['stray end-group', () => reader(0x0c).skip(0x0c), 'unexpected end-group tag', 1],
    [
      'unterminated group',
      () => {
        const r = reader(0x0b, 0x08, 0x01)
        r.skip(r.tag())
      },
      'unterminated group for field 1 at byte offset 1',
      2,
    ],
    [
      'mismatched end-group',
      () => {
        const r = reader(0x0b, 0x14)
        r.skip(r.tag())
      },
      'end-group tag for field 2 inside group 1',
      2,
    ],
  ])('rejects %s', (_name, read, message, column) => {
    const err = failure(read)
    expect(err.code).toBe('ERR_PARSE')
    expect(err.message).toContain(message)
    expect(err.message).toContain('cannot decode test input')
    expect(err.line).toBe(1)
    expect(err.column).toBe(column)
  })

  it('rejects a nested message whose last field overruns it', () => {
    // Outer field 1 announces 2 bytes, but the inner field's string claims 3 more.
    const r = reader(0x0a, 0x02, 0x0a, 0x03, 0x61, 0x62, 0x63)
    r.tag()
    r.enter()
    r.tag()
    expect(() => r.string()).toThrow(/runs past the end of its message at byte offset 3/)
  })
})
