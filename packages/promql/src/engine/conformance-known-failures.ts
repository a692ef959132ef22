/** One conformance eval the engine is known to fail, with why. */
export interface KnownFailure {
  file: string
  line: number
  reason: string
}

/**
 * Evals of the Prometheus conformance scripts that the engine fails today. The conformance test
 * fails when one of these starts passing, so the list stays honest.
 */
export const KNOWN_FAILURES: readonly KnownFailure[] = []
