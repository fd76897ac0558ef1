// Test support: one synthesis per test file, with the stack's bundling switched off unless asked.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Template } from 'aws-cdk-lib/assertions'
import type { Test } from 'tap'
import { createApp } from '../lib/createApp.js'

/**
 * Builds the app in a temporary output directory (removed at teardown). `bundle: false` sets the
 * CDK's documented `aws:cdk:bundling-stacks` context to `[]`, which skips esbuild for every stack
 * (what `cdk synth --exclusively` uses for stacks it does not deploy): the template is the same
 * except for the asset hashes of the Lambda code.
 */
export function buildApp(t: Test, context: Record<string, unknown> = {}, bundle = false) {
  const outdir = mkdtempSync(join(tmpdir(), 'sdp-cdk-test-'))
  t.teardown(() => rmSync(outdir, { recursive: true, force: true }))
  const built = createApp({ outdir, context: { ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context } })
  let template: Template | undefined
  return {
    ...built,
    outdir,
    /** The synthesized template (synthesized on first use, once). */
    template: (): Template => (template ??= Template.fromStack(built.stack)),
  }
}

/** The resources of one type, as `[logicalId, properties]` pairs. */
export function resourcesOf(template: Template, type: string): [string, Record<string, any>][] {
  return Object.entries(template.findResources(type)).map(([id, r]) => [id, (r as { Properties?: Record<string, any> }).Properties ?? {}])
}

/** The Lambda function whose Description starts with `prefix`, as `[logicalId, properties]`. */
export function functionByDescription(template: Template, prefix: string): [string, Record<string, any>] {
  const found = resourcesOf(template, 'AWS::Lambda::Function').filter(([, p]) => String(p.Description).startsWith(prefix))
  if (found.length !== 1) throw new Error(`expected one function described "${prefix}...", found ${found.length}`)
  return found[0] as [string, Record<string, any>]
}
