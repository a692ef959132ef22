/** WAL pages are 32 KiB; a record fragment never crosses a page. */
export const WAL_PAGE_SIZE = 32 * 1024
/** Fragment header: type (1 byte), length (uint16 BE), CRC32C of the data (uint32 BE). */
export const WAL_RECORD_HEADER_SIZE = 7
/** Prometheus's default segment size: 128 MiB. */
export const WAL_DEFAULT_SEGMENT_SIZE = 128 * 1024 * 1024

/** Fragment types (low three bits of the type byte); 0 marks zero padding up to the page end. */
export const FragmentType = { PageTerm: 0, Full: 1, First: 2, Middle: 3, Last: 4 } as const

/** Bit 3 of the type byte: the record is Snappy-compressed (Prometheus's --storage.tsdb.wal-compression). */
export const SNAPPY_FLAG = 0x08

/** Segment file name: the index as eight zero-padded digits. */
export function walSegmentName(index: number): string {
  return String(index).padStart(8, '0')
}

/** The index of a segment file name, or undefined if `name` is not one. */
export function parseWalSegmentName(name: string): number | undefined {
  return /^\d{8}$/.test(name) ? Number(name) : undefined
}
