export { CorruptBlockError, CorruptChunkError, InvalidBlockInputError, WalWriteError } from './errors.js'
export { crc32c } from './encoding/crc32c.js'
export { ByteReader } from './encoding/byte-reader.js'
export { ByteWriter } from './encoding/byte-writer.js'
export { BitReader } from './chunkenc/bit-reader.js'
export { BitWriter } from './chunkenc/bit-writer.js'
export { ValueType, ChunkEncoding } from './chunkenc/value-type.js'
export { XorChunkEncoder, MAX_SAMPLES_PER_CHUNK } from './chunkenc/xor-chunk.js'
export { XorIterator } from './chunkenc/xor-iterator.js'
export { HistogramChunkEncoder, CounterResetHeader } from './chunkenc/histogram-chunk.js'
export type { HistogramLayout } from './chunkenc/histogram-chunk.js'
export { HistogramIterator } from './chunkenc/histogram-iterator.js'
export { unionSpans, expandCounts, bucketIndices, spansFromIndices } from './chunkenc/histogram-layout.js'
export { chunkRef, chunkRefSegment, chunkRefOffset, segmentFileName } from './chunks/chunk-ref.js'
export { ChunkSegmentWriter } from './chunks/segment-writer.js'
export { ChunkReader } from './chunks/chunk-reader.js'
export type { ChunkBytes } from './chunks/chunk-reader.js'
export type { ChunkMeta } from './index/index-format.js'
export { encodeIndex, writeIndexFile } from './index/index-writer.js'
export type { IndexSeries } from './index/index-writer.js'
export { IndexReader } from './index/index-reader.js'
export type { IndexSeriesEntry } from './index/index-reader.js'
export { intersectPostings, mergePostings, withoutPostings } from './index/postings.js'
export { newUlid, ulidTime, isUlid } from './block/ulid.js'
export { readMeta, writeMeta } from './block/meta.js'
export type { BlockMeta } from './block/meta.js'
export {
  addTombstone,
  encodeTombstones,
  decodeTombstones,
  readTombstones,
  writeTombstones,
} from './block/tombstones.js'
export type { Interval, Tombstones } from './block/tombstones.js'
export { writeBlock } from './block/block-writer.js'
export type { BlockSeriesInput, WriteBlockOptions } from './block/block-writer.js'
export { BlockReader, openBlock } from './block/block-reader.js'
export type { BlockSeries } from './block/block-reader.js'
export { BlockSeriesIterator } from './block/series-iterator.js'
export { Head } from './head/head.js'
export type { HeadStats } from './head/head.js'
export { HeadAppender } from './head/head-appender.js'
export type { WalLog } from './head/head-appender.js'
export { HeadQuerier } from './head/head-querier.js'
export { WalWriter } from './wal/wal-writer.js'
export { listWalSegments } from './wal/wal-dir.js'
export type { WalWriterOptions } from './wal/wal-writer.js'
export { readWalSegment, replayWal } from './wal/wal-reader.js'
export type { WalCorruption, SegmentReadResult } from './wal/wal-reader.js'
export { RecordType, decodeRecord } from './wal/wal-records.js'
export { lastCheckpoint } from './wal/checkpoint.js'
export type { RecordVisitor } from './wal/wal-records.js'
export { encodeSeriesRecord, encodeSamplesRecord, encodeHistogramSamplesRecord } from './wal/wal-records.js'
export { writeCheckpoint } from './wal/checkpoint.js'
export type { CheckpointFilter } from './wal/checkpoint.js'
export { WAL_PAGE_SIZE, WAL_DEFAULT_SEGMENT_SIZE, walSegmentName } from './wal/wal-format.js'
export { DB, openDB } from './db/db.js'
export type { DBOptions, DBStats } from './db/db-options.js'
export { Distribution, exponentialBounds } from './stats/distribution.js'
export type { DistributionSnapshot } from './stats/distribution.js'
export { RecentObservations } from './stats/recent-observations.js'
export type { QuantileValue, SummarySnapshot } from './stats/recent-observations.js'
export { MaintenanceStats } from './db/maintenance-stats.js'
export type { RefusedBlock } from './db/block-set.js'
export { ExemplarStorage, MAX_EXEMPLAR_LABEL_CHARS } from './exemplars/exemplar-storage.js'
export type {
  ExemplarQueryResult,
  ExemplarStats,
  ExemplarVerdict,
  StoredExemplar,
} from './exemplars/exemplar-storage.js'
export {
  encodeExemplarsRecord,
  decodeExemplarsRecord,
  EXEMPLARS_RECORD_TYPE,
} from './exemplars/exemplar-record.js'
export type { RefExemplar } from './exemplars/exemplar-record.js'
