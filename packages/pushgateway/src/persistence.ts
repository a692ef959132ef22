import { open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { MetricFamily } from '@watchfire/model'
import { decodeProtobuf, encodeProtobuf } from '@watchfire/model'
import { PersistenceError } from './errors.js'
import { groupKeyOf, sortRecord } from './grouping-key.js'
import type { Group, StoredFamily } from './store.js'

const FORMAT = 'watchfire-pushgateway/v1'

/*
 * The file is JSON: {"format":"watchfire-pushgateway/v1","groups":[{"labels":{…},"families":[{"timestampMs":…,
 * "protobuf":"<base64>"}]}]}. Each family is one delimited protobuf MetricFamily, so values (NaN, ±Inf, exact
 * float64s) round-trip bit for bit; groups keep their order so the exposition after a restart is identical.
 * It is not the original's gob file (docs/pushgateway.md says so).
 */

interface FileFamily {
  timestampMs: number
  protobuf: string
}

interface FileGroup {
  labels: Record<string, string>
  families: FileFamily[]
}

/** Serializes groups to the persistence format. */
export function encodeSnapshot(groups: Iterable<Group>): Buffer {
  const out: FileGroup[] = []
  for (const group of groups) {
    const families: FileFamily[] = []
    for (const stored of group.families.values()) {
      families.push({
        timestampMs: stored.timestampMs,
        protobuf: Buffer.from(encodeProtobuf([stored.family])).toString('base64'),
      })
    }
    out.push({ labels: { ...group.labels }, families })
  }
  return Buffer.from(JSON.stringify({ format: FORMAT, groups: out }))
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}

function decodeFamily(raw: unknown, where: string): StoredFamily {
  const entry = raw as Partial<FileFamily> | null
  if (typeof entry?.timestampMs !== 'number' || typeof entry.protobuf !== 'string') {
    throw new PersistenceError(`cannot restore metrics (${where}: family entry is malformed)`)
  }
  let families: MetricFamily[]
  try {
    families = decodeProtobuf(Buffer.from(entry.protobuf, 'base64'))
  } catch (cause) {
    throw new PersistenceError(`cannot restore metrics (${where}: ${(cause as Error).message})`, { cause })
  }
  const family = families[0]
  if (families.length !== 1 || family === undefined) {
    throw new PersistenceError(`cannot restore metrics (${where}: expected one metric family)`)
  }
  return { family, timestampMs: entry.timestampMs }
}

/** Parses the persistence format back into groups; throws PersistenceError on anything unexpected. */
export function decodeSnapshot(bytes: Buffer): Group[] {
  let root: unknown
  try {
    root = JSON.parse(bytes.toString('utf8'))
  } catch (cause) {
    throw new PersistenceError(`cannot restore metrics (not JSON: ${(cause as Error).message})`, { cause })
  }
  const doc = root as { format?: unknown; groups?: unknown } | null
  if (doc?.format !== FORMAT || !Array.isArray(doc.groups)) {
    throw new PersistenceError(`cannot restore metrics (not a ${FORMAT} file)`)
  }
  return doc.groups.map((raw: unknown, i): Group => {
    const entry = raw as Partial<FileGroup> | null
    if (!isStringRecord(entry?.labels) || !Array.isArray(entry.families) || entry.labels.job === undefined) {
      throw new PersistenceError(`cannot restore metrics (group ${i} is malformed)`)
    }
    const labels = sortRecord(entry.labels)
    const families = new Map<string, StoredFamily>()
    entry.families.forEach((f: unknown, j) => {
      const stored = decodeFamily(f, `group ${i}, family ${j}`)
      families.set(stored.family.name, stored)
    })
    return { key: groupKeyOf(labels), labels, families }
  })
}

/**
 * Writes `bytes` to `file` atomically: a temporary file in the same directory, fsync'd, then renamed over the
 * target (and the directory fsync'd where the platform allows), so a crash leaves the old or the new file.
 */
export async function writeFileAtomic(file: string, bytes: Buffer): Promise<void> {
  const temp = join(dirname(file), `${basename(file)}.in_progress.${process.pid}.${Date.now()}`)
  const handle = await open(temp, 'w', 0o644)
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } catch (err) {
    await handle.close()
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await handle.close()
  await rename(temp, file)
  try {
    const dir = await open(dirname(file), 'r')
    await dir.sync().finally(() => dir.close())
  } catch {
    // Directories cannot be fsync'd everywhere (e.g. some network filesystems); the rename is done regardless.
  }
}

/** What loading the persistence file found. */
export type LoadResult =
  | { kind: 'missing' }
  | { kind: 'loaded'; groups: Group[] }
  | { kind: 'corrupt'; error: Error; keptAs: string | undefined }

/**
 * Loads the persistence file. A missing file is an empty start; an unreadable or corrupt one is renamed aside
 * (`<file>.corrupt-<ms>`) so the next persist does not overwrite the evidence, and the gateway starts empty.
 */
export async function loadSnapshot(file: string, nowMs: number = Date.now()): Promise<LoadResult> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'corrupt', error: err as Error, keptAs: await keepAside(file, nowMs) }
  }
  try {
    return { kind: 'loaded', groups: decodeSnapshot(bytes) }
  } catch (err) {
    return { kind: 'corrupt', error: err as Error, keptAs: await keepAside(file, nowMs) }
  }
}

async function keepAside(file: string, nowMs: number): Promise<string | undefined> {
  const target = `${file}.corrupt-${nowMs}`
  try {
    await rename(file, target)
    return target
  } catch {
    return undefined
  }
}
