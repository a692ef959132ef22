import { describe, expect, it } from 'vitest'
import { VersionCollector } from './version-collector.js'

describe('VersionCollector', () => {
  it('reports the running Node.js version as labels', () => {
    const [f] = new VersionCollector({ labels: { pod: 'a' } }).collect()
    const [major, minor, patch] = process.versions.node.split('.')
    expect(f?.name).toBe('nodejs_version_info')
    expect(f?.metrics).toEqual([
      { labels: { version: process.version, major, minor, patch, pod: 'a' }, value: 1 },
    ])
  })
})
