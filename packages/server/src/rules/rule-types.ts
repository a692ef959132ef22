/** Where a value sits in its YAML file: 1-based line and column, 0 when unknown. */
export interface NodePosition {
  line: number
  column: number
}

/** One rule as written in a rule file, validated. */
export interface RuleDefinition {
  kind: 'recording' | 'alerting'
  /** The `record` or `alert` name. */
  name: string
  expr: string
  /** `for`: how long an alert stays pending before it fires. 0 for recording rules. */
  forMs: number
  /** `keep_firing_for`: how long an alert keeps firing after its condition clears. */
  keepFiringForMs: number
  labels: Readonly<Record<string, string>>
  annotations: Readonly<Record<string, string>>
  /** Position of the rule's `record`/`alert` value. */
  position: NodePosition
}

/** One group as written in a rule file, validated. */
export interface RuleGroupDefinition {
  name: string
  /** The file the group came from; with the name, the group's identity. */
  file: string
  /** `interval`, or undefined to use the global evaluation interval. */
  intervalMs: number | undefined
  /** `query_offset`, or undefined to use the global rule query offset. */
  queryOffsetMs: number | undefined
  /** `limit`: the most series an alerting rule may produce or a recording rule may record; 0 is no limit. */
  limit: number
  /** `labels`: added to every rule's output (a rule's own labels win). */
  labels: Readonly<Record<string, string>>
  rules: RuleDefinition[]
}
