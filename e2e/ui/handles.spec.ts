// @handles in the real UI: claim one in Settings, find a friend by theirs in the
// add-contact dialog, and the errors a taken or unusable handle gives.

import type { Person } from './fixtures.ts'
import { expect, test } from './fixtures.ts'
import { acceptRequest, aliceAndBob, message, requestRow, row, send } from './steps.ts'

async function claim(p: Person, handle: string): Promise<void> {
  await p.page.getByTestId('settings-open').click()
  await p.page.getByTestId('handle-input').fill(handle)
  await p.page.getByTestId('handle-claim').click()
}

test('alice claims @alice, bob finds her by it and they chat; taken and invalid handles say why', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)

  await claim(alice, '@Alice')
  await expect(alice.page.getByTestId('handle-current')).toHaveAttribute('data-handle', 'alice')
  await expect(alice.page.getByTestId('handle-current')).toContainText('@alice on 127.0.0.1:')
  await expect(alice.page.getByTestId('handle-error')).toHaveCount(0)
  await alice.page.getByTestId('dialog-close').click()

  // Bob: a handle nobody holds, then Alice's.
  await bob.page.getByTestId('add-contact-open').click()
  await bob.page.getByTestId('find-handle-input').fill('@nobody-here')
  await bob.page.getByTestId('find-handle-submit').click()
  await expect(bob.page.getByTestId('find-handle-error')).toHaveText(
    'Nobody holds that handle on your relays.',
  )
  await bob.page.getByTestId('find-handle-input').fill('a')
  await bob.page.getByTestId('find-handle-submit').click()
  await expect(bob.page.getByTestId('find-handle-error')).toContainText(
    'That handle cannot be used: not a usable handle: at least 3 characters',
  )
  // Found: the request goes with the greeting written above.
  await bob.page.getByTestId('greeting-input').fill('Hi Alice, Bob here')
  await expect(bob.page.getByTestId('greeting-count')).toContainText('18/200')
  await bob.page.getByTestId('find-handle-input').fill('@alice')
  await bob.page.getByTestId('find-handle-submit').click()
  await expect(bob.page.getByTestId('add-contact-dialog')).toBeHidden()
  await expect(bob.page.getByTestId('chat-view')).toHaveAttribute('data-peer-id', alice.host.peerId)
  await expect(bob.page.getByTestId('chat-name')).toHaveText('Alice')
  await expect(bob.page.getByTestId('request-sent-banner')).toBeVisible()
  await send(bob, 'found you by your handle')
  await expect(message(bob, 'found you by your handle')).toHaveAttribute('data-status', 'delivered')
  await expect(requestRow(alice, bob.host.peerId)).toContainText('Hi Alice, Bob here')
  await acceptRequest(alice, bob.host.peerId)
  await expect(row(alice, bob.host.peerId)).toContainText('Bob')
  await expect(message(alice, 'found you by your handle')).toHaveAttribute('data-direction', 'in')
  await send(alice, 'hello Bob')
  await expect(message(bob, 'hello Bob')).toHaveAttribute('data-direction', 'in')

  // Bob wants @alice too: taken. A handle with a space: the core's reason.
  await claim(bob, 'alice')
  const error = bob.page.getByTestId('handle-error')
  await expect(error).toHaveText('That handle is taken')
  await expect(error).toHaveAttribute('role', 'alert')
  await expect(bob.page.getByTestId('handle-none')).toBeVisible()
  await bob.page.getByTestId('handle-input').fill('bob smith')
  await bob.page.getByTestId('handle-claim').click()
  await expect(error).toContainText("That handle cannot be used: not a usable handle: ' ' (U+0020)")
  await bob.page.getByTestId('handle-input').fill('bob')
  await bob.page.getByTestId('handle-claim').click()
  await expect(bob.page.getByTestId('handle-current')).toContainText('@bob on')
  await bob.page.screenshot({ path: 'test-results/screenshots/en-US-7-handles.png' })

  // Alice gives hers up: it is free again.
  await alice.page.getByTestId('settings-open').click()
  await alice.page.getByTestId('handle-release').click()
  await expect(alice.page.getByTestId('handle-none')).toBeVisible()
  await expect(alice.page.getByTestId('handle-current')).toHaveCount(0)
})
