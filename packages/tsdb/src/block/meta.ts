import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CorruptBlockError } from '../errors.js'

/** A block's meta.json, field for field as Prometheus writes it. */
export interface BlockMeta {
  ulid: string
  /** Earliest sample time, inclusive. */
  minTime: number
  /** One past the latest sample time (exclusive). */
  maxTime: number
  stats: { numSamples?: number; numSeries?: number; numChunks?: number; numTombstones?: number }
  compaction: {
    level: number
    sources?: string[]
    deletable?: boolean
    parents?: Array<{ ulid: string; minTime: number; maxTime: number }>
    failed?: boolean
    hints?: string[]
  }
  /** Version of the meta format: 1. */
  version: number
}

/** Writes meta.json with tabs and omitted zero stats, as Go's json.MarshalIndent does. */
export async function writeMeta(dir: string, meta: BlockMeta): Promise<void> {
  const stats: BlockMeta['stats'] = {}
  for (const k of ['numSamples', 'numSeries', 'numChunks', 'numTombstones'] as const) {
    const v = meta.stats[k]
    if (v !== undefined && v !== 0) stats[k] = v
  }
  const ordered = {
    ulid: meta.ulid,
    minTime: meta.minTime,
    maxTime: meta.maxTime,
    stats,
    compaction: meta.compaction,
    version: meta.version,
  }
  await writeFile(join(dir, 'meta.json'), JSON.stringify(ordered, null, '\t'))
}

/** Reads and checks a block's meta.json. */
export async function readMeta(dir: string): Promise<BlockMeta> {
  const path = join(dir, 'meta.json')
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new CorruptBlockError(path, 'meta', err instanceof Error ? err.message : String(err), {
      cause: err,
    })
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new CorruptBlockError(path, 'meta', 'not an object')
  const m = parsed as Record<string, unknown>
  if (typeof m.ulid !== 'string' || typeof m.minTime !== 'number' || typeof m.maxTime !== 'number') {
    throw new CorruptBlockError(path, 'meta', 'ulid, minTime or maxTime missing')
  }
  if (m.version !== 1) throw new CorruptBlockError(path, 'meta', `unsupported version ${String(m.version)}`)
  const compaction = (m.compaction ?? { level: 1 }) as BlockMeta['compaction']
  const stats = (m.stats ?? {}) as BlockMeta['stats']
  return { ulid: m.ulid, minTime: m.minTime, maxTime: m.maxTime, stats, compaction, version: 1 }
}
