import { fileURLToPath } from 'node:url'
import { parseText } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { main } from '../main.js'

const procfs = fileURLToPath(new URL('../../../node-exporter/src/testdata/proc', import.meta.url))

/** Runs `watchfire node-exporter` until its first scrape is done, returning that scrape's family names. */
async function scrapeOnce(args: string[]): Promise<{ names: string[]; collectors: string[] }> {
  const controller = new AbortController()
  let stderr = ''
  let resolveUrl: (url: string) => void = () => {}
  const url = new Promise<string>((resolve) => (resolveUrl = resolve))
  const exit = main(
    ['node-exporter', '--web.listen-address=127.0.0.1:0', `--path.procfs=${procfs}`, ...args],
    {
      stdout: { write: () => true },
      stderr: {
        write: (text: string) => {
          stderr += text
          const m = /msg="Listening on" address=(\S+)/.exec(stderr)
          if (m?.[1] !== undefined) resolveUrl(m[1])
          return true
        },
      },
      signal: controller.signal,
    },
  )
  const families = parseText(await (await fetch(`${await url}/metrics`)).text())
  controller.abort()
  expect(await exit).toBe(0)
  const success = families.find((f) => f.name === 'node_scrape_collector_success')
  return {
    names: families.map((f) => f.name),
    collectors: (success?.metrics ?? []).map((m) => m.labels.collector ?? ''),
  }
}

describe('watchfire node-exporter', () => {
  it('runs the default collectors until aborted', async () => {
    const { collectors } = await scrapeOnce(['--no-collector.filesystem', '--no-collector.textfile'])
    expect(collectors).toContain('cpu')
    expect(collectors).toContain('loadavg')
    expect(collectors).not.toContain('filesystem')
    expect(collectors).not.toContain('textfile')
  })

  it('runs only the named collectors with --collector.disable-defaults', async () => {
    const { names, collectors } = await scrapeOnce([
      '--collector.disable-defaults',
      '--collector.loadavg',
      '--collector.stat',
      '--web.disable-exporter-metrics',
    ])
    expect(collectors).toEqual(['loadavg', 'stat'])
    expect(names).toContain('node_load1')
    expect(names.some((n) => n.startsWith('process_'))).toBe(false)
  })

  it('refuses an unknown log level', async () => {
    const lines: string[] = []
    const code = await main(['node-exporter', '--log.level=loud'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => lines.push(t) },
      signal: new AbortController().signal,
    })
    expect(code).toBe(1)
    expect(lines.join('')).toMatch(/unknown log level "loud"/)
  })
})
