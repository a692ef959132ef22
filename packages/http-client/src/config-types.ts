/** TLS settings of an HTTP client (files are read when a connection is made). */
export interface TlsConfig {
  caFile: string
  certFile: string
  keyFile: string
  serverName: string
  insecureSkipVerify: boolean
  /** As Prometheus spells it (`TLS12`); '' for the default, TLS 1.2. */
  minVersion: string
}

/** oauth2 (client credentials grant): the token is fetched from `tokenUrl` and cached until it expires. */
export interface OAuth2Config {
  clientId: string
  clientSecret: string
  /** Read each time a token is fetched. */
  clientSecretFile: string
  scopes: string[]
  tokenUrl: string
  endpointParams: Record<string, string>
  /** Transport to the token endpoint. */
  tlsConfig: TlsConfig
  proxyUrl: string
}

/** Prometheus common's `http_config`: credentials and transport settings of an HTTP client. */
export interface HttpClientConfig {
  basicAuth?: { username: string; password: string; passwordFile: string }
  authorization?: {
    type: string
    credentials: string
    credentialsFile: string
    /** `type` as written ('' when left out): HTTP SD sections show it unvalidated on /api/v1/status/config. */
    typeAsWritten?: string
  }
  bearerToken: string
  bearerTokenFile: string
  tlsConfig: TlsConfig
  proxyUrl: string
  /** Headers sent to the proxy with CONNECT (values are secrets). */
  proxyConnectHeader?: Record<string, string[]>
  oauth2?: OAuth2Config
  followRedirects: boolean
  enableHttp2: boolean
}
