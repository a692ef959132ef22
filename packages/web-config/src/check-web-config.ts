import { buildTlsMaterial, tlsEnabled } from './tls-material.js'
import { WebConfigSource } from './web-config-source.js'

/**
 * Validates a web configuration file as `promtool check web-config` does: the YAML, the users'
 * bcrypt hashes and, when TLS is on, that the certificate and key load and fit the other TLS
 * settings. Throws a WebConfigError saying what is wrong.
 */
export function checkWebConfigFile(path: string): void {
  const config = new WebConfigSource(path).current()
  if (tlsEnabled(config.tlsServerConfig)) buildTlsMaterial(config.tlsServerConfig)
}
