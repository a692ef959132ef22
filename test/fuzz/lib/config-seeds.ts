import { existsSync, readFileSync } from 'node:fs'

// Seeds written for the fuzzers, touching as many fields as the parsers know; the Debian packages'
// own sample files are added when installed.

const PROMETHEUS_YML = `global:
  scrape_interval: 15s
  scrape_timeout: 10s
  evaluation_interval: 1m
  external_labels: {region: eu, replica: "1"}
rule_files: [rules/*.yml, "alerts.yml"]
alerting:
  alert_relabel_configs:
    - action: labeldrop
      regex: replica
  alertmanagers:
    - scheme: https
      path_prefix: /am
      timeout: 10s
      api_version: v2
      basic_auth: {username: u, password: p}
      static_configs:
        - targets: ['am1:9093', 'am2:9093']
scrape_configs:
  - job_name: node
    honor_labels: true
    honor_timestamps: false
    metrics_path: /metrics
    scheme: http
    params: {collect[]: [cpu, meminfo]}
    body_size_limit: 10MB
    sample_limit: 1000
    label_limit: 30
    label_name_length_limit: 200
    label_value_length_limit: 2048
    target_limit: 50
    scrape_protocols: [OpenMetricsText1.0.0, PrometheusText0.0.4]
    tls_config: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, server_name: x, insecure_skip_verify: false, min_version: TLS12}
    authorization: {type: Bearer, credentials: secret}
    proxy_url: http://proxy:3128
    follow_redirects: true
    enable_http2: false
    static_configs:
      - targets: [localhost:9100, "[::1]:9100"]
        labels: {env: prod, team: "a\\"b"}
    file_sd_configs:
      - files: [targets/*.json]
        refresh_interval: 5m
    http_sd_configs:
      - url: http://sd.example/targets
        refresh_interval: 30s
    relabel_configs:
      - source_labels: [__address__]
        regex: '(.*):\\d+'
        target_label: instance
        replacement: $1
      - action: hashmod
        source_labels: [__address__]
        modulus: 4
        target_label: __tmp_hash
      - action: keep
        source_labels: [__tmp_hash]
        regex: "0"
      - action: labelmap
        regex: __meta_(.+)
    metric_relabel_configs:
      - action: drop
        source_labels: [__name__]
        regex: go_.*
  - job_name: oauth
    oauth2:
      client_id: id
      client_secret_file: /run/secret
      token_url: https://auth.example/token
      scopes: [read]
      endpoint_params: {a: b}
    static_configs: [{targets: [a:1]}]
remote_write:
  - url: http://remote:9201/write
    name: r1
    remote_timeout: 30s
    headers: {X-Scope-OrgID: t1}
    send_exemplars: true
    write_relabel_configs:
      - action: drop
        source_labels: [__name__]
        regex: expensive_.*
    queue_config: {capacity: 10000, max_shards: 50, min_shards: 1, max_samples_per_send: 2000, batch_send_deadline: 5s, min_backoff: 30ms, max_backoff: 5s, retry_on_http_429: true}
    metadata_config: {send: true, send_interval: 1m}
remote_read:
  - url: http://remote:9201/read
storage:
  tsdb: {out_of_order_time_window: 10m}
`

const PROMETHEUS_SMALL = `# A comment
scrape_configs:
  - job_name: &j prometheus
    static_configs:
      - targets: ["localhost:9090"]
  - job_name: other
    scrape_interval: 1s
    scrape_timeout: 2s
    static_configs: *s
`

const RULES_YML = `groups:
  - name: example
    interval: 30s
    query_offset: 1m
    limit: 10
    labels: {team: a}
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
        labels: {kind: "rate"}
      - alert: HighErrorRate
        expr: |
          job:http_errors:rate5m / job:http_requests:rate5m > 0.05
        for: 10m
        keep_firing_for: 5m
        labels:
          severity: page
        annotations:
          summary: "High error rate on {{ $labels.job }}"
          description: '{{ $value | humanizePercentage }} of requests fail ({{ with query "up" }}{{ . | first | value }}{{ end }})'
  - name: second
    rules:
      - alert: Down
        expr: up == 0
`

const ALERTMANAGER_YML = `global:
  resolve_timeout: 5m
  smtp_smarthost: 'localhost:25'
  smtp_from: 'am@example.org'
  slack_api_url: 'https://hooks.slack.example/x'
  http_config:
    follow_redirects: true
templates: ['/etc/alertmanager/templates/*.tmpl']
route:
  receiver: team-a
  group_by: ['alertname', 'cluster']
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 3h
  routes:
    - matchers: ['severity="page"', 'team=~"a|b"']
      receiver: pager
      continue: true
      mute_time_intervals: [nights]
    - match: {service: db}
      match_re: {env: "prod|staging"}
      receiver: team-a
      group_by: ['...']
      active_time_intervals: [office]
      routes:
        - matchers: [ 'instance!~"test.*"' ]
          receiver: webhook
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ['alertname', 'cluster']
  - source_match: {a: b}
    target_match_re: {c: "d.*"}
receivers:
  - name: team-a
    email_configs:
      - to: 'team-a@example.org'
        send_resolved: true
        headers: {Subject: 'x'}
  - name: pager
    pagerduty_configs:
      - routing_key: abc
    opsgenie_configs:
      - api_key: k
  - name: webhook
    webhook_configs:
      - url: 'http://127.0.0.1:5001/'
        max_alerts: 10
    slack_configs:
      - channel: '#alerts'
        text: '{{ .CommonAnnotations.summary }}'
time_intervals:
  - name: office
    time_intervals:
      - times: [{start_time: '09:00', end_time: '17:00'}]
        weekdays: ['monday:friday']
        days_of_month: ['1:15', '-3:-1']
        months: ['january:march', 'december']
        years: ['2024:2030']
        location: 'Europe/Berlin'
mute_time_intervals:
  - name: nights
    time_intervals:
      - times: [{start_time: '00:00', end_time: '06:00'}]
`

function installed(paths: readonly string[]): string[] {
  return paths.filter((p) => existsSync(p)).map((p) => readFileSync(p, 'utf8'))
}

/** prometheus.yml seeds. */
export function prometheusConfigSeeds(): string[] {
  return [
    PROMETHEUS_YML,
    PROMETHEUS_SMALL,
    ...installed(['/etc/prometheus/prometheus.yml', '/usr/share/doc/prometheus/examples/prometheus.yml']),
  ]
}

/** Rule file seeds. */
export function ruleFileSeeds(): string[] {
  return [RULES_YML]
}

/** alertmanager.yml seeds. */
export function alertmanagerConfigSeeds(): string[] {
  return [
    ALERTMANAGER_YML,
    ...installed([
      '/etc/prometheus/alertmanager.yml',
      '/usr/share/doc/prometheus-alertmanager/examples/simple.yml',
    ]),
  ]
}

/** YAML tokens, structural and scalar, for the mutators. */
export const YAML_DICTIONARY: readonly string[] = [
  ...[
    '\n',
    '\n  ',
    '\n    ',
    ': ',
    '- ',
    '[',
    ']',
    '{',
    '}',
    ', ',
    '"',
    "'",
    '|',
    '>',
    '#',
    '&a ',
    '*a',
    '!!str ',
    '!!int ',
  ],
  ...[
    '<<: *a',
    '---\n',
    '...\n',
    '~',
    'null',
    'true',
    'yes',
    'off',
    '0x10',
    '1e400',
    '-1',
    '.inf',
    '.nan',
    '\t',
  ],
  ...['99999999999999999999', '1ms', '5m', '1y', '0s', '-5m', '1KB', '10GiB', '18446744073709551616B'],
  ...[
    'job_name: ',
    'targets: ',
    'regex: ',
    '(',
    '(?i)',
    '.*',
    '\\',
    '$1',
    '${1}',
    '{{ ',
    ' }}',
    '{{ $labels.x }}',
  ],
  ...['expr: ', 'for: ', 'record: ', 'alert: ', 'matchers: ', 'receiver: ', 'routes:', 'action: ', 'http://'],
]
