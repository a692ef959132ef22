export { WebConfigError } from './errors.js'
export type { WebConfig, TlsServerConfig, HttpServerConfig } from './web-config-types.js'
export type { ClientAuthType } from './tls-names.js'
export { parseWebConfig } from './parse-web-config.js'
export { WebConfigSource } from './web-config-source.js'
export { checkWebConfigFile } from './check-web-config.js'
export { BasicAuthVerifier, parseBasicAuth } from './basic-auth.js'
export type { BasicCredentials, BasicAuthVerifierOptions } from './basic-auth.js'
export { withWebConfig } from './web-handler.js'
export type { RequestHandler, WebHandlerOptions } from './web-handler.js'
export { createWebServer } from './create-web-server.js'
export type { WebServer, WebServerOptions } from './create-web-server.js'
export type { WebListener } from './web-listener.js'
export { DEFAULT_MAX_CONCURRENT_STREAMS } from './http2-server.js'
export { metricsServerOptionsFromWebConfig } from './metrics-server-options.js'
export type { MetricsServerSecurityOptions } from './metrics-server-options.js'
export { logfmtWebLog, stderrWebLog } from './web-log.js'
export type { WebLog } from './web-log.js'
export { DEFAULT_CONNECTION_LIMITS, guardConnections } from './connection-limits.js'
export type {
  ConnectionGuard,
  ConnectionGuardOptions,
  ConnectionLimits,
  ConnectionRejectReason,
} from './connection-limits.js'
export { answerOutsidePrefix, computeRoutePrefix, placeUnderPrefix, sendRedirect } from './route-prefix.js'
export type { PrefixedRoute } from './route-prefix.js'
export { logfmtLogger, silentLogger, isLogLevel } from './logfmt-logger.js'
export type { Logger, LogLevel } from './logfmt-logger.js'
