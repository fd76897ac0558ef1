import { snapshotHeaderProblem } from '../../model/_internal/snapshotHeader.js'

/**
 * The object of a stored JSON document of `format`, version 1. Text that is not JSON or another
 * format goes to `fail` with the rule it broke, so each caller names the object in its error.
 */
export function parseStoredDocument(text: string, format: string, fail: (rule: string) => never): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`)
  }
  const problem = snapshotHeaderProblem(v, format, 1)
  if (problem !== undefined) return fail(problem)
  return v as Record<string, unknown>
}
