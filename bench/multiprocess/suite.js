// The multi-process suite: the hot path in multi-process mode, then the churn benchmark for Watchfire's cluster
// mode and for the Python anchor under uWSGI, in one run. Checkpoints (worker recycles) come from
// BENCH_MP_CHECKPOINTS, default 0,100,1000,10000; each worker is recycled after BENCH_MP_MAX_REQUESTS requests
// (default 10, so that 10,000 recycles take minutes, not hours: the cost under test is per recycle, not per request).
import { maxRequestsPerWorker } from './churn.js'
import { freePort } from '../lib/ports.js'
import { runNodeCluster } from './node-cluster.js'
import { run as runHotPath } from './node-hot-path.js'
import { runPythonAnchor } from './python-uwsgi.js'

export async function run() {
  const checkpoints = (process.env.BENCH_MP_CHECKPOINTS ?? '0,100,1000,10000').split(',').map(Number)
  await runHotPath()
  const ours = await runNodeCluster({
    port: await freePort(),
    workers: 4,
    maxRequests: maxRequestsPerWorker(),
    checkpoints,
  })
  const anchor = await runPythonAnchor({
    port: await freePort(),
    workers: 4,
    maxRequests: maxRequestsPerWorker(),
    checkpoints,
  })
  return { ours, anchor }
}
