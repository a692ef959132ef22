import { close, open, read } from 'node:fs'
import { ProcFileError } from './errors.js'

// Pseudo-files are small; one read into a buffer this size returns the whole of almost all of them.
const CHUNK_BYTES = 64 * 1024

/** True for the errors of a file or directory that does not exist. */
export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * Reads a whole pseudo-file as text. procfs files report size 0, so they are read to the end rather
 * than by size; open, one read and close cost three thread-pool round trips where `readFile` needs five,
 * which is most of the CPU a scrape spends.
 */
export function readText(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openErr, fd) => {
      if (openErr !== null) return reject(openErr)
      const chunks: Buffer[] = []
      const finish = (err: Error | null): void => {
        close(fd, () => (err === null ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(err)))
      }
      const next = (): void => {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
        read(fd, buffer, 0, CHUNK_BYTES, null, (err, bytesRead) => {
          if (err !== null) return finish(err)
          chunks.push(buffer.subarray(0, bytesRead))
          // A short read is the end for seq_file and sysfs attributes; a full buffer may have more.
          if (bytesRead < CHUNK_BYTES) return finish(null)
          next()
        })
      }
      next()
    })
  })
}

/** Reads a pseudo-file, or resolves `undefined` when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readText(path)
  } catch (err) {
    if (isNotFound(err)) return undefined
    throw err
  }
}

/** Reads a file holding one unsigned integer, such as `/proc/sys/fs/file-max`. */
export async function readUint(path: string): Promise<number> {
  const text = (await readText(path)).trim()
  if (!/^\d+$/.test(text))
    throw new ProcFileError(`cannot parse ${JSON.stringify(text)} as an unsigned integer`, path)
  return Number(text)
}

/** Splits on runs of blanks, as Go's `strings.Fields`. */
export function fields(line: string): string[] {
  const out = line.trim().split(/\s+/)
  return out.length === 1 && out[0] === '' ? [] : out
}
