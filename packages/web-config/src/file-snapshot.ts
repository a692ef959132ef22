import { readFileSync, statSync } from 'node:fs'

/**
 * The contents of one file, re-read only when its inode, size or modification time changed, and
 * handed out as the same Buffer while the bytes stay the same. Callers can therefore memoize on
 * the Buffer's identity. Synchronous on purpose: it runs while a new connection is being set
 * up, where a stat of an unchanged file costs microseconds and waiting would need the socket paused.
 */
export class FileSnapshot {
  private signature = ''
  private content: Buffer | undefined

  constructor(readonly path: string) {}

  /** The file's current bytes; throws the fs error when it cannot be read. */
  read(): Buffer {
    const st = statSync(this.path, { bigint: true })
    const signature = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`
    if (signature === this.signature && this.content !== undefined) return this.content
    const fresh = readFileSync(this.path)
    if (this.content === undefined || !fresh.equals(this.content)) this.content = fresh
    this.signature = signature
    return this.content
  }
}
