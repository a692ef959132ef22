import type { Queryable } from '@watchfire/storage'
import type { PromqlTestEngine, QueryOutcome } from '../promqltest/engine-contract.js'
import { Engine, type EngineOptions } from './engine.js'

/** The engine behind the promqltest runner's contract, with the settings the scripts assume. */
export class EnginePromqlTestAdapter implements PromqlTestEngine {
  private readonly engine: Engine

  constructor(options: EngineOptions = {}) {
    this.engine = new Engine({
      lookbackDeltaMs: 300_000,
      defaultSubqueryStepMs: 60_000,
      enableDelayedNameRemoval: true,
      annotationPositions: false,
      useStartTimestamps: true,
      ...options,
    })
  }

  async instantQuery(storage: Queryable, expr: string, timeMs: number): Promise<QueryOutcome> {
    const r = await this.engine.instantQuery(storage, expr, timeMs)
    return { value: r.value, warnings: r.warnings, infos: r.infos }
  }

  async rangeQuery(
    storage: Queryable,
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<QueryOutcome> {
    const r = await this.engine.rangeQuery(storage, expr, startMs, endMs, stepMs)
    return { value: r.value, warnings: r.warnings, infos: r.infos }
  }
}
