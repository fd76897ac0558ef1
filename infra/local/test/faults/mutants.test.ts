// The mutants of `npm run test:mutants` stay applicable: CI does not run them, so a refactor that
// moves a mutated line would otherwise go unnoticed until someone does.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MUTANTS } from '../../mutants/mutants.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

t.test('each mutant names a file holding its text exactly once, and changes it', async (t) => {
  t.ok(MUTANTS.length >= 8, 'one or more per write path')
  t.equal(new Set(MUTANTS.map((m) => m.name)).size, MUTANTS.length, 'names are unique')
  for (const m of MUTANTS) {
    const text = readFileSync(`${ROOT}${m.file}`, 'utf8')
    t.equal(text.split(m.from).length - 1, 1, `${m.name}: its text occurs once in ${m.file}`)
    t.not(m.to, m.from, `${m.name} changes something`)
  }
})
