import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { WireType } from './wire-type.js'
import { ProtoWriter } from './wire-writer.js'

// protobufjs is the oracle here: the same value must produce the same bytes.
type Oracle = protobuf.Writer

function ours(write: (w: ProtoWriter) => void): number[] {
  const w = new ProtoWriter(16)
  write(w)
  return [...w.finish()]
}

function theirs(write: (w: Oracle) => Oracle): number[] {
  return [...write(protobuf.Writer.create()).finish()]
}

const unsigned = [
  0,
  1,
  127,
  128,
  150,
  300,
  16383,
  16384,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 35 + 7,
  2 ** 53 - 1,
]
const signed = [...unsigned, ...unsigned.filter((n) => n > 0).map((n) => -n), -(2 ** 53) + 1]

describe('ProtoWriter', () => {
  it('writes the varint from the protobuf documentation', () => {
    expect(ours((w) => w.uint64(150))).toEqual([0x96, 0x01])
  })

  it.each(unsigned)('uint64(%d) matches protobufjs', (n) => {
    expect(ours((w) => w.uint64(n))).toEqual(theirs((w) => w.uint64(n)))
  })

  it.each(signed)('int64(%d) matches protobufjs', (n) => {
    expect(ours((w) => w.int64(n))).toEqual(theirs((w) => w.int64(n)))
  })

  it.each(signed)('sint64(%d) matches protobufjs', (n) => {
    expect(ours((w) => w.sint64(n))).toEqual(theirs((w) => w.sint64(n)))
  })

  it.each([0, 1, -1, 63, -64, 64, 2 ** 31 - 1, -(2 ** 31)])(
    'sint32(%d) and int32(%d) match protobufjs',
    (n) => {
      expect(ours((w) => w.sint32(n))).toEqual(theirs((w) => w.sint32(n)))
      expect(ours((w) => w.int32(n))).toEqual(theirs((w) => w.int32(n)))
    },
  )

  it.each([0, -0, 1.5, -2.25, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE])(
    'double(%d) matches protobufjs',
    (v) => {
      expect(ours((w) => w.double(v))).toEqual(theirs((w) => w.double(v)))
    },
  )

  it.each([
    ['empty', ''],
    ['ascii', 'http_requests_total'],
    ['two-byte', 'größe'],
    ['astral', 'x🔥y'],
    ['non-ascii first', 'é'.repeat(70)],
    ['long ascii', 'a'.repeat(200)],
    ['very long mixed', 'ab€'.repeat(6000)],
  ])('string: %s matches protobufjs', (_name, s) => {
    expect(ours((w) => w.string(s))).toEqual(theirs((w) => w.string(s)))
  })

  it.each([0, 1, 124, 125, 126, 16380, 16381, 70000])(
    'nests a message holding a %d-character string, then keeps writing after it',
    (size) => {
      const body = 'x'.repeat(size)
      const bytes = ours((w) => {
        w.tag(4, WireType.lengthDelimited)
        const start = w.fork()
        w.tag(2, WireType.lengthDelimited)
        w.string(body)
        w.tag(9, WireType.varint)
        w.uint32(5)
        w.join(start)
        w.tag(5, WireType.varint)
        w.uint32(7)
      })
      const expected = theirs((w) =>
        w
          .uint32((4 << 3) | 2)
          .fork()
          .uint32((2 << 3) | 2)
          .string(body)
          .uint32(9 << 3)
          .uint32(5)
          .ldelim()
          .uint32(5 << 3)
          .uint32(7),
      )
      expect(bytes).toEqual(expected)
    },
  )

  it('skips proto3 defaults in the field helpers but keeps -0 and NaN', () => {
    const bytes = ours((w) => {
      w.doubleField((1 << 3) | 1, 0)
      w.stringField((2 << 3) | 2, '')
      w.uint64Field(3 << 3, 0)
      w.int64Field(4 << 3, 0)
      w.doubleField((5 << 3) | 1, -0)
      w.doubleField((6 << 3) | 1, Number.NaN)
    })
    expect(bytes).toEqual(
      theirs((w) =>
        w
          .uint32((5 << 3) | 1)
          .double(-0)
          .uint32((6 << 3) | 1)
          .double(Number.NaN),
      ),
    )
  })

  it('is reusable after reset and finish returns a copy', () => {
    const w = new ProtoWriter(16)
    w.string('first')
    const first = w.finish()
    w.reset()
    w.string('2nd')
    expect([...first]).toEqual(theirs((o) => o.string('first')))
    expect([...w.finish()]).toEqual(theirs((o) => o.string('2nd')))
  })
})
