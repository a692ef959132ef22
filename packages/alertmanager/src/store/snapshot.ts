import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AmMatcher } from '../labels/matcher.js'
import type { NflogEntry, NotificationLog } from '../notify/nflog.js'
import type { Silence, Silences } from '../silence/silences.js'
import type { MatchType } from '@watchfire/model'

/** File names under --storage.path (JSON, not the original's protobuf: the files are not interchangeable). */
export const SILENCES_FILE = 'silences.json'
export const NFLOG_FILE = 'nflog.json'

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`
  await writeFile(tmp, text)
  await rename(tmp, path)
}

/** Writes silences and the notification log into `dir`, each file replaced atomically. */
export async function saveSnapshot(dir: string, silences: Silences, nflog: NotificationLog): Promise<void> {
  await mkdir(dir, { recursive: true })
  const s = silences.all().map((x) => ({
    ...x,
    matchers: x.matchers.map((m) => ({ type: m.type, name: m.name, value: m.value })),
  }))
  await writeAtomic(join(dir, SILENCES_FILE), JSON.stringify(s))
  await writeAtomic(join(dir, NFLOG_FILE), JSON.stringify(nflog.dump()))
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/**
 * Restores silences and the notification log from `dir`; missing files mean a first start. What outlived
 * --data.retention while the process was down is dropped at once rather than at the next maintenance tick.
 */
export async function loadSnapshot(dir: string, silences: Silences, nflog: NotificationLog): Promise<void> {
  const s = await readJson(join(dir, SILENCES_FILE))
  if (Array.isArray(s)) {
    silences.restore(
      s.map((raw) => {
        const x = raw as Silence & { matchers: { type: MatchType; name: string; value: string }[] }
        return { ...x, matchers: x.matchers.map((m) => new AmMatcher(m.type, m.name, m.value)) }
      }),
    )
  }
  const n = await readJson(join(dir, NFLOG_FILE))
  if (Array.isArray(n)) nflog.restore(n as [string, string, NflogEntry][])
  silences.gc()
  nflog.gc()
}
