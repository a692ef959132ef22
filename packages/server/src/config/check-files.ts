import { stat } from 'node:fs/promises'
import type { Config, HttpClientConfig } from './config-types.js'

async function exists(path: string, what: string): Promise<string | undefined> {
  if (path === '') return undefined
  try {
    await stat(path)
    return undefined
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file or directory' : (code ?? String(err))
    return `error checking ${what} ${JSON.stringify(path)}: stat ${path}: ${reason}`
  }
}

async function checkClient(client: HttpClientConfig): Promise<string | undefined> {
  const tls = client.tlsConfig
  if (tls.certFile !== '' && tls.keyFile === '')
    return `client cert file ${JSON.stringify(tls.certFile)} specified without client key file`
  if (tls.keyFile !== '' && tls.certFile === '')
    return `client key file ${JSON.stringify(tls.keyFile)} specified without client cert file`
  const credentials = client.authorization?.credentialsFile || client.bearerTokenFile
  return (
    (await exists(credentials, 'authorization credentials or bearer token file')) ??
    (await exists(tls.certFile, 'client cert file')) ??
    (await exists(tls.keyFile, 'client key file'))
  )
}

/**
 * The checks promtool makes after a configuration parses: TLS client cert and key given together
 * and credential, cert and key files present. Returns the first problem, in promtool's words.
 */
export async function checkConfigFiles(config: Config): Promise<string | undefined> {
  for (const sc of config.scrapeConfigs) {
    const problem = await checkClient(sc.httpClient)
    if (problem !== undefined) return problem
  }
  for (const am of config.alerting.alertmanagers) {
    const problem = await checkClient(am.httpClient)
    if (problem !== undefined) return problem
  }
  return undefined
}
