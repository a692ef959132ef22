import { join } from 'node:path'

/** Where the collectors find the machine: node_exporter's `--path.*` flags. */
export interface NodePaths {
  /** procfs mount point; default `/proc`. */
  procfs: string
  /** sysfs mount point; default `/sys`. */
  sysfs: string
  /** The host's root, for an exporter running in a container with the host mounted; default `/`. */
  rootfs: string
  /** udev's database of device properties; default `/run/udev/data`. */
  udevData: string
}

/** The paths of a process running directly on the host. */
export const DEFAULT_PATHS: Readonly<NodePaths> = Object.freeze({
  procfs: '/proc',
  sysfs: '/sys',
  rootfs: '/',
  udevData: '/run/udev/data',
})

/** A path under the procfs mount point. */
export function procFile(paths: NodePaths, ...segments: string[]): string {
  return join(paths.procfs, ...segments)
}

/** A path under the sysfs mount point. */
export function sysFile(paths: NodePaths, ...segments: string[]): string {
  return join(paths.sysfs, ...segments)
}

/** A mount point seen by the host, reached through the rootfs mount point. */
export function rootfsFile(paths: NodePaths, mountPoint: string): string {
  const path = join(paths.rootfs, mountPoint)
  // Go's filepath.Join drops the trailing slash that node's join keeps for `/host` + `/`.
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

/** A mount point as the host names it: the rootfs prefix removed, as node_exporter's `rootfsStripPrefix`. */
export function stripRootfs(paths: NodePaths, mountPoint: string): string {
  if (paths.rootfs === '/') return mountPoint
  const prefix = paths.rootfs.endsWith('/') ? paths.rootfs.slice(0, -1) : paths.rootfs
  if (!mountPoint.startsWith(prefix)) return mountPoint
  const stripped = mountPoint.slice(prefix.length)
  return stripped === '' ? '/' : stripped
}
