// Presence and typing in the real UI: my status as a contact sees it, the typing
// indicator while a friend writes, and "last seen" once they are gone.
import { expect, test } from './fixtures.ts'
import { aliceAndBob, befriend, expectReached, message, openChat, row, send } from './steps.ts'

test('bob is busy and alice sees it; alice types and bob sees it until she sends', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)
  await expect(alice.page.getByTestId('my-status')).toHaveValue('online')

  await befriend(bob, alice)
  await openChat(bob, alice.host.peerId)
  await send(bob, 'hi, are you there?')
  await expectReached(bob, 'hi, are you there?')
  await openChat(alice, bob.host.peerId)

  // Connected: each sees the other online, in the row and in the chat header.
  const rowStatus = row(alice, bob.host.peerId).getByTestId('presence')
  const headerStatus = alice.page.getByTestId('chat-header').getByTestId('presence')
  await expect(rowStatus).toHaveAttribute('data-status', 'online')
  await expect(headerStatus).toHaveAttribute('data-status', 'online')
  await expect(headerStatus).toContainText('Online')

  await bob.page.getByTestId('my-status').selectOption('busy')
  await expect(rowStatus).toHaveAttribute('data-status', 'busy')
  await expect(headerStatus).toHaveAttribute('data-status', 'busy')
  await expect(headerStatus).toContainText('Busy')
  await expect(rowStatus.getByRole('img')).toHaveAccessibleName('Status: Busy')

  // Alice types: Bob sees it; she sends: it is gone.
  const indicator = bob.page.getByTestId('typing-indicator')
  await expect(indicator).toHaveCount(0)
  await alice.page.getByTestId('composer').pressSequentially('I am here', { delay: 30 })
  await expect(indicator).toHaveText('Alice is typing…')
  await bob.page.screenshot({ path: 'test-results/screenshots/en-US-8-typing.png' })
  await alice.page.getByTestId('composer').press('Enter')
  await expect(message(bob, 'I am here')).toBeVisible()
  await expect(indicator).toHaveCount(0)

  // Typing, then clearing the box, stops it too.
  await alice.page.getByTestId('composer').pressSequentially('hmm', { delay: 30 })
  await expect(indicator).toBeVisible()
  await alice.page.getByTestId('composer').fill('')
  await expect(indicator).toHaveCount(0)

  // Bob leaves: offline, last seen just now.
  await bob.host.proc.stop()
  await expect(headerStatus).toHaveAttribute('data-status', 'offline')
  await expect(headerStatus).toContainText('Last seen')
  await alice.page.screenshot({ path: 'test-results/screenshots/en-US-8-presence.png' })
})
