// Recently run expressions, newest first, kept in localStorage like Prometheus's "query history".

const KEY = 'watchfire.queryHistory'
const MAX = 50

/** The history after running `expr`: moved to the front, duplicates and blanks dropped, at most 50 kept. */
export function addToHistory(history: readonly string[], expr: string): string[] {
  const e = expr.trim()
  if (e === '') return [...history]
  return [e, ...history.filter((h) => h !== e)].slice(0, MAX)
}

/** The stored history; empty when storage is unavailable or holds something else. */
export function loadHistory(storage: Pick<Storage, 'getItem'> | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, MAX) : []
  } catch {
    return []
  }
}

/** Stores the history; a full or disabled storage only loses the history, never the query. */
export function saveHistory(storage: Pick<Storage, 'setItem'> | undefined, history: readonly string[]): void {
  try {
    storage?.setItem(KEY, JSON.stringify(history))
  } catch {
    // Private browsing or a full quota: history is a convenience, so it is dropped silently.
  }
}
