import { describe, expect, it } from 'vitest'
import command from './alertmanager.js'

describe('watchfire alertmanager', () => {
  it('refuses clustering with a message that says how to run for HA', async () => {
    const io = {
      stdout: { write: () => true },
      stderr: { write: () => true },
      signal: new AbortController().signal,
    }
    const flags = {
      'config.file': 'x.yml',
      'storage.path': '',
      'data.retention': 1000,
      'web.listen-address': '127.0.0.1:0',
      'web.config.file': '',
      'web.external-url': '',
      'web.route-prefix': '',
      'cluster.listen-address': '0.0.0.0:9094',
      'log.level': 'info',
      _: [],
    }
    await expect(command.run(flags, io)).rejects.toThrow(/clustering is not supported/)
  })

  it('defaults to the original flags', () => {
    expect(command.flags['web.listen-address'].default).toBe(':9093')
    expect(command.flags['data.retention'].default).toBe('120h')
  })
})
