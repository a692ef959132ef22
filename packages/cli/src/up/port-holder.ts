import { readdir, readFile, readlink } from 'node:fs/promises'
import { join } from 'node:path'

/** The process listening on a TCP port, as far as /proc tells. */
export interface PortHolder {
  pid: number
  /** Its command line, arguments joined by spaces. */
  command: string
}

const LISTEN = '0A'

/**
 * The socket inodes listening on `port` in one of /proc/net/tcp or tcp6: each line holds the local
 * address as hex `ADDR:PORT`, the state (0A is LISTEN) and, in the tenth column, the socket's inode.
 */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = []
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/)
    const local = cols[1]
    const inode = cols[9]
    if (local === undefined || inode === undefined || cols[3] !== LISTEN) continue
    if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && inode !== '0')
      inodes.push(inode)
  }
  return inodes
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return ''
  }
}

async function holdsSocket(procRoot: string, pid: string, wanted: ReadonlySet<string>): Promise<boolean> {
  let fds: string[]
  try {
    fds = await readdir(join(procRoot, pid, 'fd'))
  } catch {
    return false // another user's process, or gone
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(await readlink(join(procRoot, pid, 'fd', fd)))
      if (m !== null && wanted.has(m[1] as string)) return true
    } catch {
      // closed while we looked
    }
  }
  return false
}

/**
 * Finds the process listening on TCP `port`: the socket's inode from /proc/net/tcp{,6}, then the
 * process with a file descriptor on that socket. Undefined when /proc does not say (another user's
 * process, another network namespace, or no /proc at all).
 */
export async function findPortHolder(port: number, procRoot = '/proc'): Promise<PortHolder | undefined> {
  const tables = await Promise.all(['tcp', 'tcp6'].map((t) => readOrEmpty(join(procRoot, 'net', t))))
  const inodes = new Set(tables.flatMap((t) => listeningInodes(t, port)))
  if (inodes.size === 0) return undefined
  let pids: string[]
  try {
    pids = (await readdir(procRoot)).filter((name) => /^\d+$/.test(name))
  } catch {
    return undefined
  }
  for (const pid of pids) {
    if (!(await holdsSocket(procRoot, pid, inodes))) continue
    const cmdline = await readOrEmpty(join(procRoot, pid, 'cmdline'))
    const command = cmdline
      .split('\0')
      .filter((a) => a !== '')
      .join(' ')
    const comm = (await readOrEmpty(join(procRoot, pid, 'comm'))).trim()
    return { pid: Number(pid), command: (command === '' ? comm : command).slice(0, 200) }
  }
  return undefined
}

/** "pid 1234 (node app.js)", or "another process" when /proc does not tell who. */
export function describeHolder(holder: PortHolder | undefined): string {
  return holder === undefined ? 'another process' : `pid ${holder.pid} (${holder.command})`
}
