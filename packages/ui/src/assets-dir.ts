import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder holding the built browser app (index.html and assets/), inside this package: dist/app. The same
 * answer comes back whether this module runs from src/ (tests) or from dist/node/ (the published package).
 */
export function uiAssetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const packageDir =
    basename(here) === 'node' && basename(dirname(here)) === 'dist' ? dirname(dirname(here)) : dirname(here)
  return join(packageDir, 'dist', 'app')
}

/** True when the app has been built (a source checkout before `npm run build` has no dist/app). */
export function uiAssetsBuilt(dir: string = uiAssetsDir()): boolean {
  return existsSync(join(dir, 'index.html'))
}
