import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { TextfileCollector } from './textfile.js'

const directory = fileURLToPath(new URL('../testdata/textfile', import.meta.url))

function find(families: MetricFamily[], name: string): MetricFamily | undefined {
  return families.find((f) => f.name === name)
}

describe('TextfileCollector', () => {
  it('merges good files, skips a broken one and one with timestamps, and reports the error', async () => {
    const families = await new TextfileCollector({ directory }).collect()
    expect(families.map((f) => f.name)).toEqual([
      'app_jobs_total',
      'node_textfile_mtime_seconds',
      'node_textfile_scrape_error',
    ])
    expect(find(families, 'app_jobs_total')?.metrics).toEqual([
      { labels: { job: 'a' }, value: 3 },
      { labels: { job: '' }, value: 1 },
    ])
    expect(find(families, 'node_textfile_scrape_error')?.metrics[0]?.value).toBe(1)
    expect(find(families, 'node_textfile_mtime_seconds')?.metrics.map((m) => m.labels.file)).toEqual([
      join(directory, 'good.prom'),
    ])
  })

  it('reports nothing but a zero error without a directory', async () => {
    const families = await new TextfileCollector({ directory: '' }).collect()
    expect(families).toEqual([
      {
        name: 'node_textfile_scrape_error',
        help: '1 if there was an error opening or reading a file, 0 otherwise',
        type: 'gauge',
        unit: '',
        metrics: [{ labels: {}, value: 0 }],
      },
    ])
  })

  it('reports an error for a missing directory', async () => {
    const families = await new TextfileCollector({ directory: '/nonexistent/textfiles' }).collect()
    expect(find(families, 'node_textfile_scrape_error')?.metrics[0]?.value).toBe(1)
  })

  it('merges a family spread over files, names them in the help, and refuses duplicates and type clashes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'textfile-test-'))
    try {
      await writeFile(join(dir, 'a.prom'), 'shared{host="a"} 1\nclash 1\n')
      await writeFile(
        join(dir, 'b.prom'),
        'shared{host="b"} 2\nshared{host="a"} 9\n# TYPE clash gauge\nclash 2\n',
      )
      const families = await new TextfileCollector({ directory: dir }).collect()
      expect(find(families, 'shared')).toMatchObject({
        help: `Metric read from ${join(dir, 'a.prom')}, ${join(dir, 'b.prom')}`,
        metrics: [
          { labels: { host: 'a' }, value: 1 },
          { labels: { host: 'b' }, value: 2 },
        ],
      })
      expect(find(families, 'clash')?.metrics).toEqual([{ labels: {}, value: 1 }])
      expect(find(families, 'node_textfile_scrape_error')?.metrics[0]?.value).toBe(1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
