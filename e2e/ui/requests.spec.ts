// Friend requests in the real UI: a request with a greeting and the messages held
// with it, accepting, declining and blocking it, unblocking in Settings, and the
// nickname and labels set in Contact info. Screenshots of the request view, the
// requester's banner and Contact info go to test-results/screenshots/.
import { expect, screenshotDir, test } from './fixtures.ts'
import {
  addContact,
  aliceAndBob,
  befriend,
  createProfile,
  message,
  openChat,
  readInviteCode,
  requestRow,
  row,
  send,
} from './steps.ts'

const GREETING = 'Hi Alice, it’s Bob from the climbing gym!'

test('a request with a greeting waits for an answer; accepted, it is a chat both ways, organised by nickname and label', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)

  // Bob asks, with a greeting: his chat opens on the "request sent" banner.
  await addContact(bob, await readInviteCode(alice), GREETING)
  await expect(bob.page.getByTestId('chat-view')).toHaveAttribute('data-peer-id', alice.host.peerId)
  await expect(bob.page.getByTestId('request-sent-banner')).toHaveText(
    'Request sent — Alice will see your messages once they accept',
  )
  await expect(bob.page.getByTestId('system-message-text')).toHaveText([
    `You sent a friend request: “${GREETING}”`,
  ])
  await send(bob, 'Are you coming on Saturday?')
  await expect(message(bob, 'Saturday')).toHaveAttribute('data-status', 'delivered')
  await bob.page.screenshot({ path: `${screenshotDir}/en-US-12-request-sent.png` })

  // Alice has a request, not a conversation: Bob's message is held.
  const request = requestRow(alice, bob.host.peerId)
  await expect(request).toContainText('Bob')
  await expect(request.getByTestId('request-preview')).toHaveText(GREETING)
  await expect(alice.page.getByTestId('request-count')).toHaveText('1')
  await expect(alice.page.getByTestId('conversation-row')).toHaveCount(0)
  await expect(alice.page).toHaveTitle('(1) Parley')

  // The request view shows who, the greeting, and what was held, live.
  await request.click()
  const view = alice.page.getByTestId('request-view')
  await expect(view.getByTestId('request-name')).toHaveText('Bob')
  await expect(view).toContainText('wants to be your contact')
  await expect(view.getByTestId('request-greeting')).toHaveText(GREETING)
  await expect(view.getByTestId('message')).toHaveCount(1)
  await send(bob, 'I can bring the rope.')
  await expect(view.getByTestId('message')).toHaveCount(2)
  await expect(message(alice, 'bring the rope')).toHaveAttribute('data-direction', 'in')
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-11-request.png` })

  // Accepted: the view becomes the chat, with the held messages in it.
  await view.getByTestId('request-accept').click()
  await expect(alice.page.getByTestId('chat-view')).toHaveAttribute('data-peer-id', bob.host.peerId)
  await expect(alice.page.getByTestId('request-list')).toHaveCount(0)
  await expect(alice.page.getByTestId('system-message-text')).toHaveText([
    `Bob sent you a friend request: “${GREETING}”`,
    'You accepted Bob’s request',
  ])
  await expect(alice.page.getByTestId('message')).toHaveCount(2)
  await expect(bob.page.getByTestId('request-sent-banner')).toHaveCount(0)
  await expect(bob.page.getByTestId('system-message-text').last()).toHaveText(
    'Alice accepted your request',
  )
  await send(alice, 'Yes! 10 am at the wall.')
  await expect(message(bob, '10 am at the wall')).toHaveAttribute('data-direction', 'in')
  await send(bob, 'See you there')
  await expect(message(alice, 'See you there')).toHaveAttribute('data-direction', 'in')

  // Carol is a contact too.
  const carol = await person('carol')
  await createProfile(carol, 'Carol')
  await befriend(carol, alice)

  // Alice calls Bob "Bobby" and labels him; a label too long gets the core's reason.
  await openChat(alice, bob.host.peerId)
  await alice.page.getByTestId('contact-info-open').click()
  const info = alice.page.getByTestId('contact-info-dialog')
  await expect(info.getByTestId('nickname-input')).toBeFocused()
  await info.getByTestId('nickname-input').fill('Bobby')
  await info.getByTestId('nickname-save').click()
  await expect(info.getByTestId('contact-info-name')).toHaveText('Bobby')
  await expect(info).toContainText('Calls themselves Bob')
  for (const label of ['Climbing', 'Weekend']) {
    await info.getByTestId('label-input').fill(label)
    await info.getByTestId('label-input').press('Enter')
    await expect(info.getByTestId('label-input')).toHaveValue('')
  }
  await expect(info.getByTestId('label-chip')).toHaveText(['Climbing', 'Weekend'])
  await info.getByTestId('label-input').fill('x'.repeat(33))
  await info.getByTestId('label-add').click()
  await expect(info.getByTestId('label-error')).toHaveText(
    'Could not save: a label has at most 32 characters',
  )
  await info.getByTestId('label-input').fill('')
  await info.locator('[data-testid=label-chip][data-label="Weekend"]').getByRole('button').click()
  await expect(info.getByTestId('label-chip')).toHaveText(['Climbing'])
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-13-contact-info.png` })
  await info.getByTestId('dialog-close').click()

  await expect(alice.page.getByTestId('chat-name')).toHaveText('Bobby')
  await expect(row(alice, bob.host.peerId).getByTestId('conversation-name')).toHaveText('Bobby')

  // The label's chip shows only Bobby; "All" shows everyone again.
  const chip = alice.page.getByTestId('label-filter-chip')
  await expect(chip).toHaveText(['Climbing'])
  await chip.click()
  await expect(chip).toHaveAttribute('aria-pressed', 'true')
  await expect(alice.page.getByTestId('conversation-row')).toHaveCount(1)
  await expect(row(alice, carol.host.peerId)).toHaveCount(0)
  await alice.page.getByTestId('label-filter-all').click()
  await expect(alice.page.getByTestId('conversation-row')).toHaveCount(2)

  // Removing Carol (after a confirmation) takes her out of the chats.
  await openChat(alice, carol.host.peerId)
  await alice.page.getByTestId('contact-info-open').click()
  await info.getByTestId('remove-contact').click()
  await alice.page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click()
  await expect(alice.page.getByTestId('empty-chat')).toBeVisible()
  await expect(row(alice, carol.host.peerId)).toHaveCount(0)
})

test('declining deletes a request; blocking asks first, moves it to Settings › Blocked, and unblocking lets them ask again', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)
  const carol = await person('carol')
  await createProfile(carol, 'Carol')
  const code = await readInviteCode(alice)
  await addContact(bob, code)
  await addContact(carol, code)
  await expect(alice.page.getByTestId('request-count')).toHaveText('2')
  await expect(requestRow(alice, bob.host.peerId).getByTestId('request-preview')).toHaveText(
    'Wants to be your contact',
  )

  await requestRow(alice, bob.host.peerId).click()
  await alice.page.getByTestId('request-decline').click()
  await expect(alice.page.getByTestId('empty-chat')).toBeVisible()
  await expect(requestRow(alice, bob.host.peerId)).toHaveCount(0)
  await expect(alice.page.getByTestId('request-count')).toHaveText('1')

  // Block asks first; Escape or Cancel changes nothing.
  await requestRow(alice, carol.host.peerId).click()
  const confirm = alice.page.getByTestId('confirm-dialog')
  await alice.page.getByTestId('block-contact').click()
  await expect(confirm).toContainText('Block Carol?')
  await expect(confirm.getByTestId('confirm-cancel')).toBeFocused()
  await alice.page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  await expect(alice.page.getByTestId('request-view')).toBeVisible()
  await alice.page.getByTestId('block-contact').click()
  await confirm.getByTestId('confirm-ok').click()
  await expect(alice.page.getByTestId('empty-chat')).toBeVisible()
  await expect(alice.page.getByTestId('request-list')).toHaveCount(0)

  await alice.page.getByTestId('settings-open').click()
  const blocked = alice.page.locator(
    `[data-testid=blocked-row][data-peer-id="${carol.host.peerId}"]`,
  )
  await expect(blocked).toContainText('Carol')
  await blocked.getByTestId('blocked-unblock').click()
  await expect(alice.page.getByTestId('blocked-none')).toBeVisible()
  await alice.page.getByTestId('dialog-close').click()

  // Unblocked, Carol is a stranger again: what she sends next is a new request.
  await send(carol, 'Sorry, wrong button!')
  await requestRow(alice, carol.host.peerId).click()
  await expect(message(alice, 'wrong button')).toHaveAttribute('data-direction', 'in')
})

test('the request view in zh-CN', async ({ person }) => {
  const alice = await person('alice', { locale: 'zh-CN' })
  const bob = await person('bob', { locale: 'zh-CN' })
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  await addContact(bob, await readInviteCode(alice), '你好，我是攀岩馆的 Bob！')
  await send(bob, '周六一起去吗？')
  await requestRow(alice, bob.host.peerId).click()
  const view = alice.page.getByTestId('request-view')
  await expect(view).toContainText('想添加你为联系人')
  await expect(view.getByTestId('message')).toHaveCount(1)
  await alice.page.screenshot({ path: `${screenshotDir}/zh-CN-11-request.png` })
})
