/**
 * Configuration files the fuzzers once broke a parser with, replayed first by every run of their
 * targets. Each also has a regression test beside the fixed code.
 */
export const PROMETHEUS_CONFIG_FINDINGS: readonly string[] = []

/** Rule file findings. */
export const RULE_FILE_FINDINGS: readonly string[] = []

/** alertmanager.yml findings. */
export const ALERTMANAGER_CONFIG_FINDINGS: readonly string[] = []
