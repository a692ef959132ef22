// Drives a multi-process server over loopback while its workers are recycled, and reports, at each
// checkpoint of recycles, how many files the metrics directory holds, how long /metrics takes, and
// whether the request counter equals the requests sent. Used for Watchfire and for the Python anchor.
import { request } from 'node:http'
import { readdirSync } from 'node:fs'

/** Requests a worker serves before it is recycled (uWSGI's --max-requests): BENCH_MP_MAX_REQUESTS, default 10. */
export function maxRequestsPerWorker() {
  return Number(process.env.BENCH_MP_MAX_REQUESTS ?? 10)
}

/** GETs `url` with a fresh connection; resolves with status and body. */
export function get(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { Connection: 'close' } }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout on ${url}`)))
    req.end()
  })
}

/**
 * Median and minimum of the latencies of `count` sequential GETs of `url`, in milliseconds. On a shared machine the
 * median carries other processes' load; the minimum is the scrape's own cost.
 */
async function scrapeLatencyMs(url, count) {
  const samples = []
  let body = ''
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint()
    const res = await get(url)
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
    if (res.status !== 200) throw new Error(`cannot scrape ${url} (HTTP ${res.status})`)
    body = res.body
  }
  samples.sort((a, b) => a - b)
  return { ms: samples[Math.floor(count / 2)], minMs: samples[0], body }
}

/** The value of the unlabelled-or-labelled sample line starting with `prefix` summed over matches. */
export function sumSamples(body, prefix) {
  let total = 0
  for (const line of body.split('\n')) {
    if (line.startsWith(prefix)) total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return total
}

/**
 * @param {{ baseUrl: string, metricsDir: string, recycles: () => number, checkpoints: number[],
 *   concurrency: number, counterPrefix: string, warmupRequests: number, scrapes?: number }} options
 */
export async function runChurn(options) {
  const { baseUrl, metricsDir, recycles, checkpoints, concurrency, counterPrefix } = options
  let sent = 0
  const rows = []
  // Warm up below the recycle threshold so checkpoint 0 measures live workers with data, not an empty directory.
  for (let i = 0; i < options.warmupRequests; i++) {
    if ((await get(`${baseUrl}/work`)).status === 200) sent++
  }
  for (const checkpoint of checkpoints) {
    while (recycles() < checkpoint) {
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          const res = await get(`${baseUrl}/work`)
          if (res.status === 200) sent++
          else throw new Error(`request failed with HTTP ${res.status}`)
        }),
      )
    }
    // Let recycled workers finish exiting and flush before measuring.
    await new Promise((r) => setTimeout(r, 1500))
    const { ms, minMs, body } = await scrapeLatencyMs(`${baseUrl}/metrics`, options.scrapes ?? 21)
    const counted = sumSamples(body, counterPrefix)
    const row = {
      recycles: recycles(),
      files: readdirSync(metricsDir).length,
      metricsMs: ms,
      metricsMinMs: minMs,
      sent,
      counted,
    }
    rows.push(row)
    // Long runs (10,000 recycles) take most of an hour: show each checkpoint as it is reached.
    console.error(`  ${counterPrefix}: ${JSON.stringify(row)}`)
  }
  return rows
}

/** Prints a churn table in Markdown. */
export function printChurnTable(title, rows) {
  const lines = [
    `\n${title}`,
    '| recycles | files | /metrics median | /metrics min | requests sent | counter total | exact |',
    '|---|---|---|---|---|---|---|',
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.recycles} | ${r.files} | ${r.metricsMs.toFixed(2)} ms | ${r.metricsMinMs.toFixed(2)} ms | ${r.sent} | ${r.counted} | ${r.sent === r.counted ? 'yes' : 'NO'} |`,
    )
  }
  const first = rows[0]
  const last = rows[rows.length - 1]
  if (first && last)
    lines.push(
      `latency after ${last.recycles} recycles / after ${first.recycles}: median ${(last.metricsMs / first.metricsMs).toFixed(2)}x, min ${(last.metricsMinMs / first.metricsMinMs).toFixed(2)}x`,
    )
  console.log(lines.join('\n'))
}
