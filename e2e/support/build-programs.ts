// The test runners' global set-up (vitest and Playwright): builds the programs'
// bundles (dist/node) once before any test, so that the relays, clients and hosts
// the tests start are the code as it is now, run as people run it.
import { buildPrograms } from '../../main/build.ts'

export default async function setup(): Promise<void> {
  await buildPrograms()
}
