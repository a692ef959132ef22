// Level compaction by the real Prometheus: promtool only writes 2 h blocks, so to get Prometheus's own
// compacted block from the same data we start Prometheus 2.42 on promtool's directory and wait for
// its compactor (which first runs about a minute after start) to merge the 2 h blocks of one
// aligned window into a block of `spanMs`.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sleep, startServer, stop } from './processes.js'
import { freePort } from '../lib/ports.js'

/**
 * Runs Prometheus on `root` until a block of `spanMs` starting at `minTime` exists there, then stops
 * it. Resolves with the seconds it took; throws after `timeoutMs`.
 * @param {{ root: string, work: string, minTime: number, spanMs: number, prometheus: string, findBlock: (root: string, minTime: number, spanMs: number) => Promise<string | undefined>, timeoutMs?: number }} o
 */
export async function compactWithPrometheus(o) {
  const config = join(o.work, 'compact.yml')
  await writeFile(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n')
  const port = await freePort()
  const t0 = performance.now()
  const { child, stderrTail } = await startServer(
    'prometheus 2.42 (compaction)',
    o.prometheus,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${o.root}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // The data is hours old: the default 15 d retention keeps it, and so the range list reaches 6 h.
      '--storage.tsdb.retention.time=15d',
    ],
    `http://127.0.0.1:${port}`,
  )
  try {
    const deadline = Date.now() + (o.timeoutMs ?? 180_000)
    while (Date.now() < deadline) {
      if ((await o.findBlock(o.root, o.minTime, o.spanMs)) !== undefined)
        return (performance.now() - t0) / 1000
      await sleep(1000)
    }
    throw new Error(`prometheus did not compact ${o.root} into a ${o.spanMs} ms block (${stderrTail()})`)
  } finally {
    await stop(child)
  }
}
