// The multi-process suite: the hot path in multi-process mode, then the churn benchmark for Watchfire's cluster
// mode and for the Python anchor under uWSGI, in one run. Checkpoints (worker recycles) come from
// BENCH_MP_CHECKPOINTS, default 0,100,1000,10000 (10,000 recycles take tens of minutes on 2 cores).
import { freePort } from './churn.js'
import { runNodeCluster } from './node-cluster.js'
import { run as runHotPath } from './node-hot-path.js'
import { runPythonAnchor } from './python-uwsgi.js'

export async function run() {
  const checkpoints = (process.env.BENCH_MP_CHECKPOINTS ?? '0,100,1000,10000').split(',').map(Number)
  await runHotPath()
  const ours = await runNodeCluster({ port: await freePort(), workers: 4, maxRequests: 50, checkpoints })
  const anchor = await runPythonAnchor({ port: await freePort(), workers: 4, maxRequests: 50, checkpoints })
  return { ours, anchor }
}
