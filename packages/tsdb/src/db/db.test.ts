import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeStorageConformance } from '@watchfire/storage/conformance'
import { openDB } from './db.js'

const root = mkdtempSync(join(tmpdir(), 'watchfire-tsdb-conformance-'))
let n = 0
afterAll(() => rmSync(root, { recursive: true, force: true }))

describeStorageConformance('tsdb', () => openDB(join(root, String(n++)), { logger: () => {} }))
