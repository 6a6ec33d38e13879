// Network diagnostics in the real UI: the path to a contact with its round trip
// (chat header, conversation row, Settings › Network), the relay's reservation and
// STUN, "Test my connectivity" with its NAT type, and TURN servers in Settings.
import { expect, screenshotDir, test } from './fixtures.ts'
import { aliceAndBob, befriend, createProfile, openChat, row, send } from './steps.ts'

test('the path and its round trip, relay STUN, the NAT type, and TURN servers', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)
  await befriend(bob, alice)
  await openChat(alice, bob.host.peerId)
  await send(alice, 'how fast is this?')

  // Neither listens on an address of its own: the chat goes through the relay, and
  // the header shows the round trip once a ping has crossed it.
  const header = alice.page.getByTestId('chat-header')
  await expect(header.getByTestId('path-icon')).toHaveAttribute('data-path', 'relayed')
  await expect(header.getByTestId('path-rtt')).toHaveText(/^\d+ ms$/)
  await expect(header.getByTestId('path-icon')).toHaveAccessibleName(
    /^Connection: Relayed, round trip \d+ ms$/,
  )
  await expect(row(alice, bob.host.peerId).getByTestId('path-icon')).toHaveAttribute(
    'data-rtt',
    /^\d+$/,
  )

  await alice.page.screenshot({ path: `${screenshotDir}/en-US-14-path.png` })

  await alice.page.getByTestId('settings-open').click()
  const panel = alice.page.getByTestId('network-panel')
  const relay = panel.getByTestId('relay-status')
  await expect(relay).toHaveAttribute('data-reserved', 'true')
  await expect(relay).toHaveAttribute('data-stun', 'reachable')
  await expect(relay.getByTestId('relay-stun')).toHaveText('STUN reachable')
  const peer = panel.locator(`[data-testid=peer-path][data-peer-id="${bob.host.peerId}"]`)
  await expect(peer.getByTestId('path-icon')).toHaveAttribute('data-path', 'relayed')
  await expect(peer.getByTestId('path-rtt')).toHaveText(/^\d+ ms$/)

  // On loopback the relay's STUN sees our own address: no NAT.
  await panel.getByTestId('connectivity-test').click()
  const nat = panel.getByTestId('nat-type')
  await expect(nat).toHaveAttribute('data-nat', 'open')
  await expect(nat).toHaveText('Open (no NAT)')
  await expect(panel.getByTestId('public-address')).toHaveText(/^127\.0\.0\.1:\d+$/)
  await expect(panel.locator('[data-testid=stun-answer][data-answered=true]')).toHaveCount(2)
  await panel.getByTestId('connectivity').scrollIntoViewIfNeeded()
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-14-network.png` })

  // TURN servers: a bad URL is refused with a reason, a good one is listed without
  // its password, stays after a reload, and goes when removed.
  const turn = alice.page.getByTestId('turn-panel')
  await expect(turn.getByTestId('turn-none')).toBeVisible()
  await turn.getByTestId('turn-url').fill('stun:198.51.100.9:3478')
  await turn.getByTestId('turn-username').fill('parley')
  await turn.getByTestId('turn-credential').fill('s3cret-pass')
  await turn.getByTestId('turn-add').click()
  await expect(turn.getByTestId('turn-error')).toContainText('not a TURN URL')
  await turn.getByTestId('turn-url').fill('turn:198.51.100.9:3478')
  await turn.getByTestId('turn-add').click()
  await expect(turn.getByTestId('turn-item')).toHaveText('parley@turn:198.51.100.9:3478')
  await expect(turn.getByTestId('turn-credential')).toHaveValue('')
  await turn.scrollIntoViewIfNeeded()
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-15-turn.png` })

  await alice.page.reload()
  await alice.page.getByTestId('settings-open').click()
  await expect(turn.getByTestId('turn-item')).toHaveAttribute('data-url', 'turn:198.51.100.9:3478')
  expect(await alice.page.content()).not.toContain('s3cret-pass')
  await turn.getByTestId('turn-remove').click()
  await expect(turn.getByTestId('turn-none')).toBeVisible()
})

test('zh-CN: the connectivity test and the network panel in Chinese', async ({ person }) => {
  const carol = await person('carol', { locale: 'zh-CN' })
  await createProfile(carol, 'Carol')
  await carol.page.getByTestId('settings-open').click()
  const panel = carol.page.getByTestId('network-panel')
  await expect(panel.getByTestId('relay-stun')).toHaveText('STUN 可达')
  await panel.getByTestId('connectivity-test').click()
  await expect(panel.getByTestId('nat-type')).toHaveText('开放（无 NAT）')
  await panel.getByTestId('connectivity').scrollIntoViewIfNeeded()
  await carol.page.screenshot({ path: `${screenshotDir}/zh-CN-14-network.png` })
})
