/**
 * The object of a stored JSON document of `format`, version 1. Text that is not JSON or another
 * format goes to `fail` with the rule it broke, so each caller names the object in its error.
 */
export function parseStoredDocument(text: string, format: string, fail: (rule: string) => never): Record<string, unknown> {
  let v: Record<string, unknown> | null
  try {
    v = JSON.parse(text) as Record<string, unknown> | null
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`)
  }
  if (v?.format !== format || v.version !== 1) return fail(`expected format "${format}" version 1`)
  return v
}
