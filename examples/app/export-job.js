// A batch job that pushes its result to the Pushgateway when it is done (docs/tutorial.md).
import { Gauge, Pushgateway, Registry } from '@watchfire/client'

const registry = new Registry()
const exported = new Gauge({
  name: 'shop_export_orders',
  help: 'Orders exported by the last run.',
  registers: [registry],
})
const lastSuccess = new Gauge({
  name: 'shop_export_last_success_timestamp_seconds',
  help: 'When the export last succeeded.',
  registers: [registry],
})

// ... the real export happens here ...
exported.set(128)
lastSuccess.setToCurrentTime()

const gateway = new Pushgateway(process.env.PUSHGATEWAY_URL ?? 'http://localhost:9091', {}, registry)
await gateway.pushAdd({ jobName: 'shop_export' })
console.log('export done, result pushed')
