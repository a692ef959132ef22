/**
 * Protobuf wire types: the low three bits of every field tag say how the value that follows is laid out.
 * Groups (3, 4) are deprecated but still legal on the wire, so a reader must be able to skip them.
 */
export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const

/** One of the protobuf wire types. */
export type WireType = (typeof WireType)[keyof typeof WireType]
