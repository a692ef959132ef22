// Packs the `watchfire` package (packages/cli) and every workspace package it needs at run time into one
// directory, ready for `npm install -g <dir>/*.tgz`: the layout `npm publish` would give them.
// Usage (after `npm run build`): node deploy/pack.mjs <destination-dir>
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const destination = process.argv[2]
if (destination === undefined) {
  console.error('usage: node deploy/pack.mjs <destination-dir>')
  process.exit(2)
}

const manifest = (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
const byName = new Map(manifest('.').workspaces.map((dir) => [manifest(dir).name, dir]))
const wanted = new Set()
const visit = (name) => {
  const dir = byName.get(name)
  if (dir === undefined || wanted.has(dir)) return
  wanted.add(dir)
  for (const dep of Object.keys(manifest(dir).dependencies ?? {})) visit(dep)
}
visit('watchfire')

mkdirSync(resolve(destination), { recursive: true })
execFileSync(
  'npm',
  [
    'pack',
    '--silent',
    '--pack-destination',
    resolve(destination),
    ...[...wanted].flatMap((dir) => ['-w', dir]),
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
)
console.log(`packed ${[...wanted].join(', ')} into ${resolve(destination)}`)
