// Serves our node exporter for the benchmark in its own process, as the original runs in its own:
// node bench/node-exporter/serve.js <listen-address> <collector,...> [textfile-directory]
import { startNodeExporter } from '@watchfire/node-exporter'

const [listenAddress = '127.0.0.1:0', collectors = '', textfileDirectory = ''] = process.argv.slice(2)
const exporter = await startNodeExporter({
  listenAddress,
  collectors: collectors.split(',').filter((c) => c !== ''),
  disableExporterMetrics: true,
  netdev: { deviceExclude: '^lo$' },
  textfile: { directory: textfileDirectory },
})
process.stdout.write(`${exporter.metricsUrl}\n`)
process.once('SIGTERM', () => void exporter.close().then(() => process.exit(0)))
