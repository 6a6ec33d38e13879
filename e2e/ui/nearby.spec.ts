// Nearby on the LAN, in the real UI: two browser-mode hosts with no relay find
// each other over mDNS, and one adds the other from the sidebar's Nearby list.
// Hosts and browser all run inside a network namespace the test creates (an
// isolated loopback LAN), so multicast never touches the machine's network; the
// browser is Chromium started in that namespace through a small wrapper script,
// which Playwright drives over a pipe.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, expect, test } from '@playwright/test'
import config from '../../playwright.config.ts'
import { loopbackLan, type Namespace, namespacesUnavailable } from '../support/netns.ts'
import { tempDir } from '../support/parley.ts'
import { stopAll } from '../support/process.ts'
import { openPerson, type Person, screenshotDir } from './fixtures.ts'
import { acceptRequest, createProfile, message, row, send } from './steps.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const chromiumArgs = config.projects?.find((p) => p.name === 'ui')?.use?.launchOptions?.args ?? []

test('people on the same LAN see each other in Nearby, add each other and chat over the LAN', async () => {
  const why = await namespacesUnavailable()
  test.skip(why !== undefined, `nearby needs a network namespace: ${why}`)

  const cleanups: (() => Promise<unknown>)[] = []
  try {
    const lan: Namespace = await loopbackLan()
    cleanups.push(() => lan.remove())
    const browser = await browserIn(lan.name, cleanups)

    const start = async (name: string): Promise<Person> => {
      const dir = await tempDir(name)
      cleanups.push(() => dir.remove())
      const spec = {
        dataDir: dir.path,
        profile: name,
        relays: [],
        listen: ['/ip4/127.0.0.1/tcp/0'],
        mdns: true,
        netns: lan.name,
      }
      const context = await browser.newContext({ locale: 'en-US' })
      const page = await context.newPage()
      const person = await openPerson(name, page, spec)
      cleanups.push(() => person.host.proc.stop())
      return person
    }

    const alice = await start('alice')
    const bob = await start('bob')
    await createProfile(alice, 'Alice')
    await createProfile(bob, 'Bob')

    // Each sees the other by the name they chose, with no relay and no invite.
    const bobNearby = alice.page.locator(
      `[data-testid=nearby-row][data-peer-id="${bob.host.peerId}"]`,
    )
    const aliceNearby = bob.page.locator(
      `[data-testid=nearby-row][data-peer-id="${alice.host.peerId}"]`,
    )
    await expect(bobNearby).toContainText('Bob', { timeout: 30_000 })
    await expect(aliceNearby).toContainText('Alice', { timeout: 30_000 })
    await expect(alice.page.getByTestId('nearby-list')).toBeVisible()
    await expect(bobNearby.getByTestId('nearby-add')).toHaveAccessibleName('Add Bob as a contact')
    await alice.page.screenshot({ path: `${screenshotDir}/en-US-9-nearby.png` })

    // Alice adds Bob (a friend request): he leaves Nearby for her chats, and the chat opens.
    await bobNearby.getByTestId('nearby-add').click()
    await expect(alice.page.getByTestId('chat-view')).toHaveAttribute(
      'data-peer-id',
      bob.host.peerId,
    )
    await expect(bobNearby).toHaveCount(0)
    await expect(row(alice, bob.host.peerId)).toContainText('Bob')
    await send(alice, 'hello neighbour')
    await expect(message(alice, 'hello neighbour')).toHaveAttribute('data-status', 'delivered')

    // Bob accepts: Alice's message was waiting in the request.
    await acceptRequest(bob, alice.host.peerId)
    await expect(message(bob, 'hello neighbour')).toHaveAttribute('data-direction', 'in')
    await send(bob, 'hi from next door')
    await expect(message(alice, 'hi from next door')).toHaveAttribute('data-direction', 'in')

    for (const [p, other] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      await expect(row(p, other.host.peerId).getByTestId('path-icon')).toHaveAttribute(
        'data-path',
        'lan',
      )
    }
    await alice.page.screenshot({ path: `${screenshotDir}/en-US-9-nearby-chat.png` })
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
    await stopAll()
  }
})

/** Chromium started inside namespace `ns`, so it reaches the hosts' 127.0.0.1 there. */
async function browserIn(ns: string, cleanups: (() => Promise<unknown>)[]): Promise<Browser> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-chromium-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  const wrapper = join(dir, 'chromium-in-netns')
  await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${CHROMIUM} "$@"\n`)
  await chmod(wrapper, 0o755)
  const browser = await chromium.launch({ executablePath: wrapper, args: chromiumArgs })
  cleanups.push(() => browser.close())
  return browser
}
