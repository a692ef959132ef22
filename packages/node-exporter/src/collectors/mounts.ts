import { ProcFileError } from '../errors.js'
import type { NodePaths } from '../paths.js'
import { procFile, stripRootfs } from '../paths.js'
import { fields, isNotFound, readText } from '../read-file.js'

/** One line of /proc/1/mounts. */
export interface MountEntry {
  device: string
  /** As the host names it (rootfs prefix removed, `\040` and `\011` unescaped). */
  mountPoint: string
  fsType: string
  options: string
}

/** Parses /proc/<pid>/mounts; spaces and tabs in mount points arrive octal-escaped. */
export function parseMounts(text: string, path: string, paths: NodePaths): MountEntry[] {
  const out: MountEntry[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const parts = fields(line)
    if (parts.length < 4) throw new ProcFileError(`cannot parse mount line ${JSON.stringify(line)}`, path)
    const mountPoint = (parts[1] as string).replaceAll('\\040', ' ').replaceAll('\\011', '\t')
    out.push({
      device: parts[0] as string,
      mountPoint: stripRootfs(paths, mountPoint),
      fsType: parts[2] as string,
      options: parts[3] as string,
    })
  }
  return out
}

/** The host's mounts as init sees them (/proc/1/mounts), falling back to our own (/proc/mounts). */
export async function readMounts(paths: NodePaths): Promise<MountEntry[]> {
  let path = procFile(paths, '1', 'mounts')
  let text: string
  try {
    text = await readText(path)
  } catch (err) {
    if (!isNotFound(err)) throw err
    path = procFile(paths, 'mounts')
    text = await readText(path)
  }
  return parseMounts(text, path, paths)
}
