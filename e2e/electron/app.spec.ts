// The real desktop app, twice: two people, each with their own PARLEY_HOME and so
// their own profile, user data and single-instance lock, chat through a real relay.
// Needs an Electron binary and the built app (dist/renderer, dist/electron).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  type ElectronApplication,
  _electron as electron,
  expect,
  type Page,
  test,
} from '@playwright/test'
import { electronBinary } from '../../main/electron/binary.ts'
import { type Relay, startRelay, tempDir } from '../support/parley.ts'
import { repoRoot, stopAll } from '../support/process.ts'

const binary = electronBinary()
const SKIP_REASON =
  'no Electron binary: set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron, or install the electron package with its binary (it cannot be downloaded here)'
if (!binary) console.log(`parley: skipping the desktop app tests: ${SKIP_REASON}`)
test.skip(!binary, SKIP_REASON)

type TempDir = Awaited<ReturnType<typeof tempDir>>

interface Person {
  app: ElectronApplication
  page: Page
  home: TempDir
}

let relay: Relay
let relayDir: TempDir
const homes: TempDir[] = []

test.beforeAll(async () => {
  if (!binary) return
  relayDir = await tempDir('electron-relay')
  relay = await startRelay(relayDir.path)
})

test.afterAll(async () => {
  await stopAll()
  await relayDir?.remove()
  for (const home of homes) await home.remove()
})

function appArgs(profile: string): string[] {
  // '.' is this package: its "main" is the built dist/electron/main.mjs.
  return [
    repoRoot,
    '--profile',
    profile,
    '--relay',
    relay.addr,
    '--listen',
    'none',
    '--no-mdns',
    // The passphrase screens are covered by the browser-mode UI tests.
    '--no-passphrase',
  ]
}

function envWith(home: TempDir): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  )
  return { ...env, PARLEY_HOME: home.path }
}

/** Playwright finds the binary itself (as `require('electron')` does: found above, so no download). */
async function launch(profile: string, home?: TempDir): Promise<Person> {
  const dir = home ?? (await tempDir(`electron-${profile}`))
  if (!home) homes.push(dir)
  const app = await electron.launch({ args: appArgs(profile), cwd: repoRoot, env: envWith(dir) })
  const page = await app.firstWindow()
  return { app, page, home: dir }
}

async function createProfile(page: Page, name: string): Promise<void> {
  await page.getByTestId('profile-name-input').fill(name)
  await page.getByTestId('profile-create').click()
  await expect(page.getByTestId('add-contact-open')).toBeVisible()
}

test('two desktop apps exchange invite codes and chat', async () => {
  const alice = await launch('alice')
  const bob = await launch('bob')
  await createProfile(alice.page, 'Alice')
  await createProfile(bob.page, 'Bob')

  await alice.page.getByTestId('add-contact-open').click()
  const code = (await alice.page.getByTestId('my-invite-code').textContent())?.trim() ?? ''
  expect(code).toMatch(/^parley:/)
  await alice.page.keyboard.press('Escape')

  await bob.page.getByTestId('add-contact-open').click()
  await bob.page.getByTestId('invite-input').fill(code)
  await bob.page.getByTestId('invite-submit').click()
  await bob.page.getByTestId('conversation-row').filter({ hasText: 'Alice' }).click()
  await bob.page.getByTestId('composer').fill('Hello from the desktop')
  await bob.page.getByTestId('send-button').click()
  await expect(
    bob.page.getByTestId('message').filter({ hasText: 'Hello from the desktop' }),
  ).toHaveAttribute('data-status', 'delivered')

  // Bob's message waits in his friend request until Alice accepts it.
  await alice.page.getByTestId('request-row').filter({ hasText: 'Bob' }).click()
  await alice.page.getByTestId('request-accept').click()
  await expect(
    alice.page.getByTestId('message').filter({ hasText: 'Hello from the desktop' }),
  ).toBeVisible()

  // Quitting waits for the core to close its LevelDB: the message is there next time.
  await alice.app.close()
  const again = await launch('alice', alice.home)
  await again.page.getByTestId('conversation-row').filter({ hasText: 'Bob' }).click()
  await expect(
    again.page.getByTestId('message').filter({ hasText: 'Hello from the desktop' }),
  ).toBeVisible()
  await again.app.close()
  await bob.app.close()
})

test('a second start of the same profile hands over to the first and exits', async () => {
  const first = await launch('carol')
  await expect(first.page.getByTestId('profile-name-input')).toBeVisible()
  const second = spawn(
    binary as string,
    [...appArgs('carol'), ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    { cwd: repoRoot, env: envWith(first.home), stdio: 'ignore' },
  )
  const [code] = await Promise.race([
    once(second, 'exit'),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the second instance did not exit')), 20_000),
    ),
  ])
  expect(code).toBe(0)
  expect(first.app.windows()).toHaveLength(1)
  await first.app.close()
})

test('the page gets no Node, no raw IPC, and only its own origin', async () => {
  const { app, page } = await launch('dave')
  await expect(page.getByTestId('profile-name-input')).toBeVisible()

  const exposed = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>
    return {
      require: typeof w.require,
      process: typeof w.process,
      ipcRenderer: typeof w.ipcRenderer,
      desktop: Object.keys(w.parleyDesktop ?? {}),
      isDesktop: (w.parleyDesktop as { desktop?: unknown } | undefined)?.desktop,
      origin: location.origin,
    }
  })
  expect(exposed).toEqual({
    require: 'undefined',
    process: 'undefined',
    ipcRenderer: 'undefined',
    desktop: ['desktop'],
    isDesktop: true,
    origin: 'app://parley',
  })

  // The CSP forbids inline script; new windows and navigation away are refused
  // (file: is not a web link, so nothing opens outside either).
  const blocked = await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.inlineRan = true'
    document.head.append(script)
    return {
      inlineRan: (window as unknown as { inlineRan?: boolean }).inlineRan ?? false,
      opened: window.open('file:///etc/passwd') !== null,
    }
  })
  expect(blocked).toEqual({ inlineRan: false, opened: false })
  await page.evaluate(() => {
    location.href = 'file:///etc/passwd'
  })
  await page.waitForTimeout(500)
  expect(page.url()).toMatch(/^app:\/\/parley\//)
  expect(app.windows()).toHaveLength(1)
  await app.close()
})
