// Runs every benchmark suite, or the ones named on the command line: node bench/run.js [client ...]
const suites = {
  alertmanager: () => import('./alertmanager/vs-alertmanager.js'),
  client: () => import('./client/vs-prom-client.js'),
  multiprocess: () => import('./multiprocess/suite.js'),
  'node-exporter': () => import('./node-exporter/vs-node-exporter.js'),
  pushgateway: () => import('./pushgateway/vs-pushgateway.js'),
  promql: () => import('./promql/vs-prometheus.js'),
  regex: () => import('./regex/matchers.js'),
  server: () => import('./server/scrape-load.js'),
  'remote-write': () => import('./remote-write/vs-prometheus.js'),
  tsdb: () => import('./tsdb/vs-prometheus.js'),
  up: () => import('./up/vs-originals.js'),
  rules: () => import('./rules/vs-prometheus.js'),
  ui: () => import('./ui/vs-prometheus.js'),
}

const wanted = process.argv.slice(2)
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  const load = suites[name]
  if (load === undefined) {
    console.error(
      `cannot run benchmark suite ${JSON.stringify(name)} (known: ${Object.keys(suites).join(', ')})`,
    )
    process.exit(2)
  }
  const suite = await load()
  await suite.run()
}
