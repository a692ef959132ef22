import { Session } from 'node:inspector'

interface CoverageRange {
  startOffset: number
  endOffset: number
  count: number
}

interface ScriptCoverage {
  scriptId: string
  url: string
  functions: Array<{ ranges: CoverageRange[] }>
}

/** AFL's hit-count classes: a block run 1, 2, 3, 4–7, 8–15 … times counts as different coverage. */
function countClass(count: number): number {
  return count < 4 ? count : 31 - Math.clz32(count)
}

/**
 * V8's precise block coverage of the running process, read through the inspector (no native addon):
 * after each input, the blocks it ran (with their hit-count class) in the scripts `include` selects.
 */
export class CoverageProbe {
  private readonly session = new Session()

  constructor(private readonly include: (url: string) => boolean) {
    this.session.connect()
    this.post('Profiler.enable')
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true })
  }

  // The in-process session answers synchronously, so the callback has run when post returns.
  private post(method: string, params?: object): unknown {
    let result: unknown
    let failure: Error | null = null
    this.session.post(method, params, (err, res) => {
      failure = err
      result = res
    })
    if (failure !== null) throw failure
    return result
  }

  /** Keys of the blocks run since the last call (`script:start:end:class`); counts restart. */
  take(): string[] {
    const { result } = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] }
    const keys: string[] = []
    for (const script of result) {
      if (!this.include(script.url)) continue
      for (const fn of script.functions) {
        for (const r of fn.ranges) {
          if (r.count > 0)
            keys.push(`${script.scriptId}:${r.startOffset}:${r.endOffset}:${countClass(r.count)}`)
        }
      }
    }
    return keys
  }

  /** Stops counting and disconnects. */
  close(): void {
    this.post('Profiler.stopPreciseCoverage')
    this.post('Profiler.disable')
    this.session.disconnect()
  }
}
