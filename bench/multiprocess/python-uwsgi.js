// The anchor for the multi-process benchmark: the Python client (Debian's python3-prometheus-client)
// under uWSGI with 4 workers recycled every `maxRequests` requests, files named by PID (the default).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { maxRequestsPerWorker, get, printChurnTable, runChurn } from './churn.js'
import { freePort } from '../lib/ports.js'

const here = dirname(fileURLToPath(import.meta.url))

/** @param {{ port: number, workers: number, maxRequests: number, checkpoints: number[] }} options */
export async function runPythonAnchor({ port, workers, maxRequests, checkpoints }) {
  const metricsDir = mkdtempSync(join(tmpdir(), 'watchfire-py-mp-'))
  const uwsgi = spawn(
    'uwsgi',
    [
      '--plugin',
      'python3',
      '--http-socket',
      `127.0.0.1:${port}`,
      '--chdir',
      here,
      '--wsgi-file',
      'python_app.py',
      '--master',
      '--processes',
      String(workers),
      '--max-requests',
      String(maxRequests),
      // uWSGI >= 2.0.18 keeps a worker at least 10 s by default, which would hide the recycling.
      '--min-worker-lifetime',
      '0',
      '--listen',
      '1024',
      '--disable-logging',
      // Workers must not outlive the master when the benchmark stops it.
      '--no-orphans',
      '--die-on-term',
    ],
    {
      env: { ...process.env, PROMETHEUS_MULTIPROC_DIR: metricsDir, PYTHONPATH: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let respawns = 0
  uwsgi.stderr.on('data', (chunk) => {
    respawns += (chunk.toString().match(/Respawned uWSGI worker/g) ?? []).length
  })
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await get(`http://127.0.0.1:${port}/metrics`)).status === 200) break
      } catch (err) {
        if (i > 100)
          throw new Error('cannot start uwsgi (is uwsgi-plugin-python3 installed?)', { cause: err })
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    const rows = await runChurn({
      baseUrl: `http://127.0.0.1:${port}`,
      metricsDir,
      recycles: () => respawns,
      checkpoints,
      concurrency: workers * 2,
      counterPrefix: 'app_requests_total{',
      warmupRequests: (workers * maxRequests) / 2,
    })
    printChurnTable(
      `Python client ${workers} workers under uWSGI, --max-requests=${maxRequests}, files by PID`,
      rows,
    )
    return rows
  } finally {
    if (uwsgi.exitCode === null) {
      const exited = new Promise((r) => uwsgi.once('exit', r))
      uwsgi.kill('SIGTERM')
      await exited
    }
    rmSync(metricsDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const checkpoints = (process.argv[2] ?? '0,100,1000,10000').split(',').map(Number)
  await runPythonAnchor({
    port: await freePort(),
    workers: 4,
    maxRequests: maxRequestsPerWorker(),
    checkpoints,
  })
}
