import { describe, expect, it } from 'vitest'
import { ByteReader } from './byte-reader.js'
import { ByteWriter } from './byte-writer.js'

describe('ByteWriter / ByteReader', () => {
  it.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [Number.MAX_SAFE_INTEGER, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('uvarint %d encodes as Go binary.PutUvarint does', (n, bytes) => {
    const w = new ByteWriter(1)
    w.putUvarint(n)
    expect([...w.view()]).toEqual(bytes)
    expect(new ByteReader(w.view()).uvarint()).toBe(n)
  })

  it.each([
    [0, [0x00]],
    [-1, [0x01]],
    [1, [0x02]],
    [-64, [0x7f]],
    [64, [0x80, 0x01]],
    [-1_700_000_000_000, [0xff, 0x9f, 0xab, 0xfe, 0xf9, 0x62]],
  ])('varint %d zig-zags as Go binary.PutVarint does', (n, bytes) => {
    const w = new ByteWriter()
    w.putVarint(n)
    expect([...w.view()]).toEqual(bytes)
    expect(new ByteReader(w.view()).varint()).toBe(n)
  })

  it('round-trips fixed-width integers, strings and padding', () => {
    const w = new ByteWriter(2)
    w.putByte(7)
    w.putBE32(0xdeadbeef)
    w.putBE64(2 ** 40 + 5)
    w.putUvarintString('héllo')
    w.padTo(16)
    expect(w.length).toBe(32)
    const r = new ByteReader(w.view())
    expect([r.byte(), r.be32(), r.be64(), r.uvarintString()]).toEqual([7, 0xdeadbeef, 2 ** 40 + 5, 'héllo'])
  })

  it.each([
    ['empty', '', [0x00]],
    ['ascii', 'job', [0x03, 0x6a, 0x6f, 0x62]],
    ['non-ascii after ascii', 'ab\u00e9', [0x04, 0x61, 0x62, 0xc3, 0xa9]],
    ['127 ascii chars', 'x'.repeat(127), [0x7f, ...Array<number>(127).fill(0x78)]],
    ['128 ascii chars', 'y'.repeat(128), [0x80, 0x01, ...Array<number>(128).fill(0x79)]],
    ['astral', '\u{1f600}', [0x04, 0xf0, 0x9f, 0x98, 0x80]],
  ])('uvarint-prefixed string (%s) is its UTF-8 byte length and bytes', (_name, s, bytes) => {
    // A one-byte buffer with a prefix makes every string grow it, from the middle of the buffer.
    const w = new ByteWriter(1)
    w.putByte(0xee)
    w.putUvarintString(s)
    expect([...w.view()]).toEqual([0xee, ...bytes])
    const r = new ByteReader(w.view())
    r.byte()
    expect(r.uvarintString()).toBe(s)
  })

  it('refuses to read past the end', () => {
    const r = new ByteReader(Buffer.from([0x80]))
    expect(() => r.uvarint()).toThrow(RangeError)
    expect(() => new ByteReader(Buffer.from([1, 2])).be32()).toThrow(/unexpected end/)
  })
})
