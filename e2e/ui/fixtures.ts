// Playwright fixtures: a real relay, and people who each run a browser-mode host
// (a real core with its own LevelDB) and look at it in their own browser page.
import { test as base, type Page } from '@playwright/test'
import {
  type BrowserHost,
  type Relay,
  startBrowserHost,
  startRelay,
  tempDir,
} from '../support/parley.ts'
import { stopAll } from '../support/process.ts'

export const screenshotDir = 'test-results/screenshots'

export interface Person {
  name: string
  host: BrowserHost
  page: Page
  dataDir: string
  /**
   * Restarts this person's host process on the same data, after `whileStopped`
   * (say, changes to the data on disk); the page reopens on it.
   */
  restart(whileStopped?: () => Promise<void>): Promise<void>
}

export interface Fixtures {
  relay: Relay
  /**
   * Someone with their own browser-mode host and page, on the test's relay. By
   * default they have no listener of their own (reachable only through the relay);
   * `listen` gives them addresses to be reached at directly. Their new profile
   * has no passphrase unless `locked`: then the page asks for one first.
   */
  person(
    name: string,
    options?: {
      locale?: string
      colorScheme?: 'light' | 'dark'
      listen?: string[]
      locked?: boolean
    },
  ): Promise<Person>
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  relay: async ({}, use) => {
    const dir = await tempDir('relay')
    const relay = await startRelay(dir.path)
    await use(relay)
    await relay.proc.stop()
    await dir.remove()
  },
  person: async ({ browser, relay }, use) => {
    const cleanups: (() => Promise<void>)[] = []
    await use(async (name, options = {}) => {
      const dir = await tempDir(name)
      const context = await browser.newContext({
        locale: options.locale ?? 'en-US',
        colorScheme: options.colorScheme ?? 'light',
      })
      const page = await context.newPage()
      const listen = options.listen ?? []
      const spec = {
        dataDir: dir.path,
        profile: name,
        relays: [relay.addr],
        listen,
        locked: options.locked ?? false,
      }
      const person = await openPerson(name, page, spec)
      cleanups.push(async () => {
        await context.close()
        await person.host.proc.stop()
        await dir.remove()
      })
      return person
    })
    for (const cleanup of cleanups) await cleanup()
    await stopAll()
  },
})

/** Starts `name`'s browser-mode host with `spec` and opens it in `page`. */
export async function openPerson(
  name: string,
  page: Page,
  spec: Parameters<typeof startBrowserHost>[0],
): Promise<Person> {
  const person: Person = {
    name,
    host: await startBrowserHost(spec),
    page,
    dataDir: spec.dataDir,
    async restart(whileStopped) {
      await person.host.proc.stop()
      await whileStopped?.()
      person.host = await startBrowserHost(spec)
      await page.goto(person.host.url)
    },
  }
  await page.goto(person.host.url)
  return person
}

export { expect } from '@playwright/test'
