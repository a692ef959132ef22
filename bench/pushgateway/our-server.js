// Runs our Pushgateway in its own process for the benchmark, as the real one runs in its own.
// PUSHGATEWAY_MODULE may point at another build of @watchfire/pushgateway (default: the workspace's dist).
const { startPushgateway } = await import(process.env.PUSHGATEWAY_MODULE ?? '@watchfire/pushgateway')

const gateway = await startPushgateway({ listenAddress: `127.0.0.1:${process.env.PORT}` })
process.stdout.write('ready\n')
process.once('SIGTERM', () => {
  gateway.close().then(() => process.exit(0))
})
