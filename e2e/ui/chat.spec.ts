// Two people, each with their own browser-mode host and data directory, chat in
// the real UI through a real relay.
import { expect, test } from './fixtures.ts'
import {
  aliceAndBob,
  befriend,
  createProfile,
  expectReached,
  message,
  openChat,
  readInviteCode,
  row,
  send,
} from './steps.ts'

test('two people add each other by invite code and chat, and history survives a restart', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)

  await befriend(bob, alice)
  await expect(row(bob, alice.host.peerId)).toContainText('Alice')
  await openChat(bob, alice.host.peerId)
  await send(bob, 'Hello Alice 👋')
  await expectReached(bob, 'Hello Alice')

  // Alice, who accepted, sees Bob by the name he told her, and the message live.
  await expect(row(alice, bob.host.peerId)).toContainText('Bob')
  await expect(message(alice, 'Hello Alice 👋')).toHaveAttribute('data-direction', 'in')

  // Shift+Enter makes a new line; Enter sends.
  const composer = alice.page.getByTestId('composer')
  await composer.fill('Hi Bob')
  await composer.press('Shift+Enter')
  await composer.pressSequentially('second line')
  await composer.press('Enter')
  await expectReached(alice, 'second line')
  await expect(message(bob, 'second line')).toContainText('Hi Bob\nsecond line')

  // Both reach each other only through the relay, and the UI says so.
  for (const [p, other] of [
    [alice, bob],
    [bob, alice],
  ] as const) {
    await expect(row(p, other.host.peerId).getByTestId('path-icon')).toHaveAttribute(
      'data-path',
      'relayed',
    )
  }

  // Bob's process restarts: his history is read back from his LevelDB. With no
  // chat open, what Alice sends now shows as unread.
  await bob.restart()
  await expect(row(bob, alice.host.peerId)).toContainText('Alice')
  await send(alice, 'welcome back')
  await expect(row(bob, alice.host.peerId)).toHaveAttribute('data-unread', '1')
  await openChat(bob, alice.host.peerId)
  await expect(row(bob, alice.host.peerId)).toHaveAttribute('data-unread', '0')
  await expectReached(bob, 'Hello Alice 👋')
  await expect(message(bob, 'second line')).toHaveAttribute('data-direction', 'in')
  await expect(bob.page.getByTestId('message')).toHaveCount(3)
  // The request and its acceptance are lines of their own, not messages.
  await expect(bob.page.getByTestId('system-message-text')).toHaveText([
    'You sent a friend request',
    'Alice accepted your request',
  ])
})

test('the path icon shows a direct connection when there is one, and offline when the peer goes', async ({
  person,
}) => {
  const listen = ['/ip4/127.0.0.1/tcp/0']
  const [alice, bob] = await aliceAndBob(person, { listen })
  await befriend(bob, alice)

  // The invite names only the relay; Bob's core then finds Alice's own address.
  const icon = row(bob, alice.host.peerId).getByTestId('path-icon')
  await expect(icon).toHaveAttribute('data-path', 'direct')
  await openChat(bob, alice.host.peerId)
  await send(bob, 'straight to you')
  await expectReached(bob, 'straight to you')
  await expect(row(alice, bob.host.peerId)).toContainText('straight to you')
  await expect(row(alice, bob.host.peerId).getByTestId('path-icon')).toHaveAttribute(
    'data-path',
    'direct',
  )

  await alice.host.proc.stop()
  await expect(icon).toHaveAttribute('data-path', 'offline')
})

test('an invalid invite code shows an error and changes nothing', async ({ person }) => {
  const [alice, bob] = await aliceAndBob(person)
  const code = await readInviteCode(alice)

  await bob.page.getByTestId('add-contact-open').click()
  for (const bad of [code.slice(0, -6), 'parley:not-a-code', 'hello']) {
    await bob.page.getByTestId('invite-input').fill(bad)
    await bob.page.getByTestId('invite-submit').click()
    await expect(bob.page.getByTestId('invite-error')).toBeVisible()
  }
  await expect(bob.page.getByTestId('invite-error')).toContainText(/not a Parley invite/i)
  await bob.page.getByTestId('dialog-close').click()
  await expect(bob.page.getByTestId('conversation-row')).toHaveCount(0)
  await expect(bob.page.getByTestId('sidebar-empty')).toBeVisible()
})

test('a page without the launch token gets no access', async ({ person, browser }) => {
  const alice = await person('alice')
  await createProfile(alice, 'Alice')
  const stranger = await browser.newPage()
  await stranger.goto(alice.host.origin)
  await expect(stranger.getByTestId('disconnected')).toBeVisible()
  await expect(stranger.getByTestId('my-profile')).toHaveCount(0)
  await stranger.close()
})
