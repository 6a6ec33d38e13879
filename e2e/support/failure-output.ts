// A process test that fails prints what its processes said last: a rare failure
// (one run in many) then carries its evidence in the CI log, not only its symptom.
import { beforeEach } from 'vitest'
import { liveOutput } from './process.ts'

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    const output = liveOutput()
    if (output) console.log(`\nthe processes' last output:\n${output}`)
  })
})
