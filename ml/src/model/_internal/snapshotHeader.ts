/** What is wrong with a snapshot's `{format, version}` header, or undefined when this code reads it. */
export function snapshotHeaderProblem(value: unknown, format: string, version: number): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object'
  const s = value as Record<string, unknown>
  if (s.format !== format) return `format must be "${format}", got ${JSON.stringify(s.format)}`
  if (s.version !== version) return `version ${JSON.stringify(s.version)} is not readable (this code reads version ${version})`
  return undefined
}
