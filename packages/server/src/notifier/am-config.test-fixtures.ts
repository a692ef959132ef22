import { compileRelabelConfig, type RelabelConfigInput } from '@watchfire/model'
import type { AlertmanagerConfig } from '../config/config-types.js'

/** An `alerting.alertmanagers` entry with Prometheus's defaults, overridden by `over`. */
export function amConfig(
  over: Partial<Omit<AlertmanagerConfig, 'relabelConfigs'>> & { relabel?: RelabelConfigInput[] } = {},
): AlertmanagerConfig {
  const { relabel, ...rest } = over
  return {
    scheme: 'http',
    pathPrefix: '',
    timeoutMs: 10_000,
    apiVersion: 'v2',
    httpClient: {
      bearerToken: '',
      bearerTokenFile: '',
      tlsConfig: {
        caFile: '',
        certFile: '',
        keyFile: '',
        serverName: '',
        insecureSkipVerify: false,
        minVersion: '',
      },
      proxyUrl: '',
      followRedirects: true,
      enableHttp2: true,
    },
    staticConfigs: [],
    fileSdConfigs: [],
    httpSdConfigs: [],
    relabelConfigs: (relabel ?? []).map(compileRelabelConfig),
    ...rest,
  }
}
