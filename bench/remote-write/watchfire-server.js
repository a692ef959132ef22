// Runs our server in its own process for the remote-write bench, from the built packages.
// Usage: node bench/remote-write/watchfire-server.js <config.yml> <dataDir> <host:port>; SIGTERM closes it.
import { startServer } from '@watchfire/server'

const [configFile, storagePath, listenAddress] = process.argv.slice(2)
if (configFile === undefined || storagePath === undefined || listenAddress === undefined) {
  console.error('cannot start (usage: watchfire-server.js <config.yml> <dataDir> <host:port>)')
  process.exit(2)
}
const server = await startServer({
  config: { file: configFile },
  storagePath,
  listenAddress,
  log: (m) => {
    if (!m.includes('level=info')) console.error(m)
  },
})
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0))
})
