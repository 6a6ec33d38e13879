// Receipts in the real UI: a message Alice sends while Bob's app is closed waits in
// the relay's mailbox ("stored"), reaches him when he opens the app ("delivered")
// and shows "read" once he looks at it; with read receipts off it never does.
import { expect, screenshotDir, test } from './fixtures.ts'
import { aliceAndBob, befriend, createProfile, message, openChat, row, send } from './steps.ts'

test('a message sent while Bob is offline reaches him through the mailbox; Alice sees stored, delivered, read', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)
  await befriend(bob, alice)
  const text = 'sent while you were away'
  const mine = message(alice, text)
  const tick = mine.getByTestId('message-status')

  // Bob's core is not running while Alice writes (her chat with him is open).
  await bob.restart(async () => {
    await send(alice, text)
    await expect(mine).toHaveAttribute('data-status', 'stored')
    await expect(tick).toHaveAccessibleName('Stored on relay — delivered when Bob is online')
    await expect(tick).toHaveAttribute('title', 'Stored on relay — delivered when Bob is online')
    await alice.page.screenshot({ path: `${screenshotDir}/en-US-14-receipt-stored.png` })
  })

  // Bob's app is open again, on no chat: he has the message, unread.
  await expect(row(bob, alice.host.peerId)).toHaveAttribute('data-unread', '1')
  await expect(mine).toHaveAttribute('data-status', 'delivered')
  await expect(tick).toHaveAccessibleName('Delivered')
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-14-receipt-delivered.png` })

  // He opens the chat and sees it: Alice's tick turns to read.
  await openChat(bob, alice.host.peerId)
  await expect(message(bob, text)).toHaveAttribute('data-direction', 'in')
  await expect(mine).toHaveAttribute('data-status', 'read')
  await expect(tick).toHaveAccessibleName('Read')
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-14-receipt-read.png` })
})

test('with read receipts off in Settings (zh-CN), Alice sees her message delivered, never read', async ({
  person,
}) => {
  const alice = await person('alice')
  const bob = await person('bob', { locale: 'zh-CN' })
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  await befriend(bob, alice)

  const receipts = bob.page.getByRole('switch', { name: '发送已读回执' })
  const openPrivacy = async () => {
    await bob.page.getByTestId('settings-open').click()
    await bob.page.getByTestId('privacy-panel').scrollIntoViewIfNeeded()
  }
  await openPrivacy()
  await expect(receipts).toBeChecked()
  await receipts.click()
  await expect(receipts).not.toBeChecked()
  await expect(receipts).toBeEnabled()
  await bob.page.screenshot({ path: `${screenshotDir}/zh-CN-14-settings-read-receipts.png` })
  await bob.page.getByTestId('dialog-close').click()

  // Bob's chat with Alice is open and his window focused: he reads it at once, silently.
  await send(alice, 'are you reading this?')
  await expect(message(bob, 'are you reading this?')).toBeVisible()
  await expect(row(bob, alice.host.peerId)).toHaveAttribute('data-unread', '0')
  await send(bob, 'no receipts from me')
  await expect(message(alice, 'no receipts from me')).toBeVisible()
  await expect(message(alice, 'are you reading this?')).toHaveAttribute('data-status', 'delivered')
  await expect(
    message(alice, 'are you reading this?').getByTestId('message-status'),
  ).toHaveAttribute('aria-label', 'Delivered')

  // The setting is kept with Bob's profile.
  await bob.restart()
  await openPrivacy()
  await expect(receipts).not.toBeChecked()
})
