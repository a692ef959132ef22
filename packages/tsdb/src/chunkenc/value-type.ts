/**
 * What a sample iterator is positioned on. The numbers match `ValueType` of @watchfire/storage so
 * these iterators satisfy its SampleIterator interface unchanged.
 */
export const ValueType = { None: 0, Float: 1, Histogram: 2 } as const

/** One of {@link ValueType}'s members. */
export type ValueType = (typeof ValueType)[keyof typeof ValueType]

/** Chunk encodings as numbered in the chunk segment files. */
export const ChunkEncoding = { None: 0, XOR: 1, Histogram: 2, FloatHistogram: 3 } as const

/** One of {@link ChunkEncoding}'s members. */
export type ChunkEncoding = (typeof ChunkEncoding)[keyof typeof ChunkEncoding]
