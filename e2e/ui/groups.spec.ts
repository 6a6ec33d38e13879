// A group in the UI: three people, each with their own browser-mode host, and a
// relay. Bob and Carol are Alice's contacts but not each other's: each names the
// other by the name they gave themselves. Alice (en-US) makes the group; Bob reads it in Chinese
// (zh-CN), Carol in English; a discussion is started from a 1:1 chat. Screenshots in
// test-results/screenshots: en-US-17-group-*, zh-CN-17-group-* and *-18-discussion*.
import { writeFile } from 'node:fs/promises'
import type { Locator } from '@playwright/test'
import sharp from 'sharp'
import { expect, type Fixtures, type Person, screenshotDir, test } from './fixtures.ts'
import { befriend, createProfile, expectReached, message, openChat, row, send } from './steps.ts'

/** `p`'s message with `text`, which `sender` wrote, as their bubble names them. */
async function expectFrom(p: Person, text: string, sender: string): Promise<void> {
  const bubble = message(p, text)
  await expect(bubble).toHaveAttribute('data-direction', 'in')
  await expect(bubble.getByTestId('message-sender')).toHaveText(sender)
}

async function shot(p: Person, name: string): Promise<void> {
  await p.page.screenshot({ path: `${screenshotDir}/${name}.png` })
}

/** `p` opens "New group" and names it: the dialog. */
async function startGroup(p: Person, name: string): Promise<Locator> {
  await p.page.getByTestId('new-group-open').click()
  const dialog = p.page.getByTestId('new-group-dialog')
  await dialog.getByTestId('group-name-input').fill(name)
  return dialog
}

async function choose(dialog: Locator, member: Person): Promise<void> {
  await dialog
    .locator(`[data-testid=picker-row][data-peer-id="${member.host.peerId}"]`)
    .getByTestId('picker-check')
    .check()
}

/** Creates the group of `p`'s dialog: it opens. Resolves with its conversation id. */
async function createGroup(p: Person, dialog: Locator): Promise<string> {
  await dialog.getByTestId('group-create').click()
  await expect(dialog).toBeHidden()
  const chat = p.page.getByTestId('chat-view')
  await expect(chat).toHaveAttribute('data-kind', 'group')
  return (await chat.getAttribute('data-peer-id')) ?? ''
}

/** Alice, with Bob and Carol (who reads Chinese) her contacts but not each other's. */
async function aliceFriends(person: Fixtures['person']) {
  const alice = await person('alice')
  const bob = await person('bob')
  const carol = await person('carol', { locale: 'zh-CN' })
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  await createProfile(carol, 'Carol')
  await befriend(bob, alice)
  await befriend(carol, alice)
  return { alice, bob, carol }
}

function groupInfo(p: Person): Locator {
  return p.page.getByTestId('group-info-dialog')
}

test('three people in a group: chat, reply, react, mention, rename, announce, photo, remove', async ({
  person,
}, testInfo) => {
  // Three hosts and a relay share two cores: a longer bound than a two-person test's.
  test.setTimeout(120_000)
  const alice = await person('alice')
  const bob = await person('bob', { locale: 'zh-CN' })
  const carol = await person('carol')
  await alice.page.setViewportSize({ width: 1100, height: 760 })
  await bob.page.setViewportSize({ width: 1100, height: 760 })
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  await createProfile(carol, 'Carol')
  await befriend(bob, alice)
  await befriend(carol, alice)
  await expect(row(bob, carol.host.peerId)).toHaveCount(0)

  // Alice makes the group from her contacts; the filter narrows the list by name.
  const dialog = await startGroup(alice, 'Book club')
  await dialog.getByTestId('group-create').click()
  await expect(dialog.getByTestId('new-group-error')).toHaveText('Choose at least one contact.')
  await dialog.getByTestId('picker-filter').fill('car')
  await expect(dialog.getByTestId('picker-name')).toHaveText(['Carol'])
  await dialog.getByTestId('picker-check').check()
  await dialog.getByTestId('picker-filter').fill('')
  await choose(dialog, bob)
  await expect(dialog.locator('legend')).toHaveText('Members (2 chosen)')
  await shot(alice, 'en-US-17-group-new')

  // It opens at once; everyone finds it in their list.
  const groupKey = await createGroup(alice, dialog)
  expect(groupKey).toMatch(/^group:[0-9a-f]{32}$/)
  await expect(alice.page.getByTestId('chat-name')).toHaveText('Book club')
  await expect(alice.page.getByTestId('group-member-count')).toHaveText('3 members')
  for (const p of [bob, carol]) {
    await expect(row(p, groupKey).getByTestId('conversation-name')).toHaveText('Book club')
    await openChat(p, groupKey)
  }
  await expect(bob.page.getByTestId('group-member-count')).toHaveText('3 位成员')

  // Each writes; everyone sees every message, named by who wrote it (a contact's
  // name, else the name they gave themselves).
  const carolToBob = 'Carol'
  const bobToCarol = 'Bob'
  await send(alice, 'Welcome to the book club 📚')
  await expectFrom(bob, 'Welcome to the book club', 'Alice')
  await expectFrom(carol, 'Welcome to the book club', 'Alice')
  await expectReached(alice, 'Welcome to the book club')
  await send(bob, '谢谢！我在读《三体》')
  await expectFrom(alice, '谢谢！', 'Bob')
  await expectFrom(carol, '谢谢！', bobToCarol)
  // Carol's typing shows in the others' group header.
  await carol.page.getByTestId('composer').pressSequentially('Glad')
  await expect(alice.page.getByTestId('typing-indicator')).toHaveText('Carol is typing…')
  await carol.page.getByTestId('composer').fill('')
  await expect(alice.page.getByTestId('typing-indicator')).toHaveCount(0)
  await send(carol, 'Glad to be here')
  await expectFrom(alice, 'Glad to be here', 'Carol')
  await expectFrom(bob, 'Glad to be here', carolToBob)
  // The sidebar names who wrote last in a group.
  await expect(row(alice, groupKey).getByTestId('conversation-preview')).toHaveText(
    'Carol: Glad to be here',
  )
  // Alice's first message reached both: delivered to 2 of 2.
  await expect(
    message(alice, 'Welcome to the book club').getByTestId('message-delivery'),
  ).toHaveText('2/2')
  // Bob and Carol have the group open: they read it, and Alice's message says so.
  await expect(
    message(alice, 'Welcome to the book club').getByTestId('message-delivery'),
  ).toHaveAttribute('data-read', '2')
  const tick = message(alice, 'Welcome to the book club').getByTestId('message-status')
  await expect(tick).toHaveAttribute('aria-label', 'Delivered to 2 of 2, read by 2')
  // On hover it names them.
  await tick.hover()
  await expect(tick).toHaveAttribute(
    'aria-label',
    /^Delivered to 2 of 2 · read by (Bob, Carol|Carol, Bob)$/,
  )

  // Bob answers Carol; the quote names her as each reader knows her.
  const carolsLine = message(bob, 'Glad to be here')
  await carolsLine.hover()
  await carolsLine.getByTestId('reply-button').click()
  await expect(bob.page.getByTestId('reply-banner')).toContainText(carolToBob)
  await send(bob, '欢迎 Carol')
  await expect(message(alice, '欢迎 Carol').getByTestId('quote')).toContainText(
    'CarolGlad to be here',
  )
  await expect(message(carol, '欢迎 Carol').getByTestId('quote')).toContainText(
    'YouGlad to be here',
  )

  // Carol reacts to Alice's welcome; Bob sees it as hers.
  const welcome = message(carol, 'Welcome to the book club')
  await welcome.hover()
  await welcome.getByTestId('react-button').click()
  await welcome.getByRole('button', { name: 'React with 👍' }).click()
  await expect(message(alice, 'Welcome to the book club').getByTestId('reaction')).toHaveAttribute(
    'title',
    'Carol reacted with 👍',
  )
  await expect(message(bob, 'Welcome to the book club').getByTestId('reaction')).toHaveAttribute(
    'title',
    `${carolToBob} 用 👍 回应`,
  )

  // Alice mentions Carol: "@" and the start of her name offer her; Carol sees the
  // mention marked as hers, Bob as Carol's.
  const composer = alice.page.getByTestId('composer')
  await composer.pressSequentially('@ca')
  await expect(alice.page.getByTestId('mention-option')).toHaveText(['Carol'])
  await composer.press('Enter')
  await composer.pressSequentially('chapter 3 is yours')
  await expect(composer).toHaveValue('@Carol chapter 3 is yours')
  await composer.press('Enter')
  const mention = message(carol, 'chapter 3 is yours').getByTestId('mention')
  await expect(mention).toHaveText('@Carol')
  await expect(mention).toHaveClass(/mention-me/)
  await expect(message(bob, 'chapter 3 is yours').getByTestId('mention')).not.toHaveClass(
    /mention-me/,
  )
  await shot(carol, 'en-US-17-group-mention')

  // Alice, the admin, renames the group and pins an announcement.
  await alice.page.getByTestId('group-info-open').click()
  const info = groupInfo(alice)
  await info.getByTestId('group-rename-input').fill('Readers')
  await info.getByTestId('group-rename-save').click()
  await expect(info.getByTestId('group-info-name')).toHaveText('Readers')
  await info.getByTestId('group-announcement-input').fill('Next meeting: Friday 7 pm, chapter 3')
  await info.getByTestId('group-announcement-save').click()
  await expect(info.getByTestId('group-announcement-save')).toBeDisabled()
  await expect(info.getByTestId('member-role')).toHaveText(['Admin'])
  // And gives it a photo, through the file chooser: every member sees it.
  const picture = testInfo.outputPath('books.png')
  const create = { width: 400, height: 300, channels: 3 as const, background: '#7a4' }
  await writeFile(picture, await sharp({ create }).png().toBuffer())
  const chooser = alice.page.waitForEvent('filechooser')
  await info.getByTestId('group-photo-choose').click()
  await (await chooser).setFiles(picture)
  await expect(info.getByTestId('group-photo-preview').getByTestId('avatar-image')).toBeVisible()
  await expect(row(bob, groupKey).getByTestId('avatar-image')).toBeVisible()
  await shot(alice, 'en-US-17-group-info')
  await info.getByTestId('dialog-close').click()
  await expect(alice.page.getByTestId('chat-name')).toHaveText('Readers')

  // Each change is a line in the conversation, on every side.
  const line = (p: Person, text: string) =>
    p.page.getByTestId('system-message-text').filter({ hasText: text })
  await expect(line(carol, 'Alice created the group “Book club”')).toHaveCount(1)
  await expect(line(carol, 'Alice changed the group photo')).toHaveCount(1)
  await expect(line(carol, 'Alice renamed the group to “Readers”')).toHaveCount(1)
  await expect(line(carol, 'Alice changed the announcement')).toHaveCount(1)
  await expect(line(alice, 'You renamed the group to “Readers”')).toHaveCount(1)
  await expect(row(carol, groupKey).getByTestId('conversation-preview')).toHaveText(
    'Alice changed the group photo',
  )
  for (const p of [bob, carol]) {
    await expect(p.page.getByTestId('chat-name')).toHaveText('Readers')
    await expect(p.page.getByTestId('group-announcement')).toHaveText(
      'Next meeting: Friday 7 pm, chapter 3',
    )
    await expect(row(p, groupKey).getByTestId('conversation-name')).toHaveText('Readers')
  }
  await shot(alice, 'en-US-17-group-chat')
  await shot(bob, 'zh-CN-17-group-chat')

  // Bob, no admin, reads the group's info but changes nothing.
  await bob.page.getByTestId('group-info-open').click()
  const bobsInfo = groupInfo(bob)
  await expect(bobsInfo.getByTestId('group-announcement-text')).toHaveText(
    'Next meeting: Friday 7 pm, chapter 3',
  )
  const memberName = (peerId: string) =>
    bobsInfo.locator(`[data-testid=member][data-peer-id="${peerId}"]`).getByTestId('member-name')
  await expect(bobsInfo.getByTestId('member')).toHaveCount(3)
  await expect(memberName(alice.host.peerId)).toHaveText('Alice')
  await expect(memberName(bob.host.peerId)).toHaveText('你')
  await expect(memberName(carol.host.peerId)).toHaveText(carolToBob)
  await expect(bobsInfo.getByTestId('group-rename-input')).toHaveCount(0)
  await expect(bobsInfo.getByTestId('member-remove')).toHaveCount(0)
  await shot(bob, 'zh-CN-17-group-info')
  await bobsInfo.getByTestId('dialog-close').click()

  // Alice removes Carol, after a confirmation: Carol's chat says she is out, and
  // keeps its history; Bob sees two members.
  await alice.page.getByTestId('group-info-open').click()
  const carolsRow = info.locator(`[data-testid=member][data-peer-id="${carol.host.peerId}"]`)
  await carolsRow.getByTestId('member-remove').click()
  await expect(alice.page.getByTestId('confirm-cancel')).toBeFocused()
  await alice.page.getByTestId('confirm-ok').click()
  await expect(carolsRow).toHaveCount(0)
  await info.getByTestId('dialog-close').click()
  await expect(alice.page.getByTestId('group-member-count')).toHaveText('2 members')
  await expect(bob.page.getByTestId('group-member-count')).toHaveText('2 位成员')

  await expect(carol.page.getByTestId('group-gone')).toHaveText('You are no longer in this group')
  await expect(carol.page.getByTestId('composer')).toHaveCount(0)
  await expect(message(carol, 'Welcome to the book club')).toBeVisible()
  await shot(carol, 'en-US-17-group-removed')

  // What is sent now reaches Bob, not Carol.
  await send(alice, 'Just the two of us now')
  await expectFrom(bob, 'Just the two of us now', 'Alice')
  await expect(message(carol, 'Just the two of us now')).toHaveCount(0)
})

test('an admin adds a member, who gets what is sent from then on, makes one an admin and a member again; a member leaves', async ({
  person,
}) => {
  test.setTimeout(120_000)
  const { alice, bob, carol } = await aliceFriends(person)
  const dialog = await startGroup(alice, 'Climbing')
  await choose(dialog, bob)
  const groupKey = await createGroup(alice, dialog)
  await send(alice, 'before Carol')
  await openChat(bob, groupKey)
  await expectFrom(bob, 'before Carol', 'Alice')

  // Only contacts not in the group yet are offered.
  await alice.page.getByTestId('group-info-open').click()
  const info = groupInfo(alice)
  await info.getByTestId('group-add-open').click()
  await expect(info.getByTestId('picker-name')).toHaveText(['Carol'])
  await info.getByTestId('picker-check').check()
  await info.getByTestId('group-add-submit').click()
  await expect(info.getByTestId('member')).toHaveCount(3)

  // Alice makes Bob an admin: he gets an admin's controls; then he is a member again.
  const bobRow = info.getByTestId('member').filter({ hasText: 'Bob' })
  await bobRow.getByTestId('member-promote').click()
  await expect(bobRow.getByTestId('member-role')).toHaveText('Admin')
  await shot(alice, 'en-US-17-group-admins')
  await bob.page.getByTestId('group-info-open').click()
  await expect(groupInfo(bob).getByTestId('group-add-open')).toBeVisible()
  await bobRow.getByTestId('member-demote').click()
  await expect(bobRow.getByTestId('member-role')).toHaveCount(0)
  await expect(groupInfo(bob).getByTestId('group-add-open')).toHaveCount(0)
  await groupInfo(bob).getByTestId('dialog-close').click()
  await info.getByTestId('dialog-close').click()
  await expect(bob.page.getByTestId('group-member-count')).toHaveText('3 members')

  await openChat(carol, groupKey)
  await send(alice, 'welcome, Carol')
  await expectFrom(carol, 'welcome, Carol', 'Alice')
  await expect(message(carol, 'before Carol')).toHaveCount(0)

  // Carol leaves, after a confirmation: her chat says so; the others see two members.
  await carol.page.getByTestId('group-info-open').click()
  await groupInfo(carol).getByTestId('group-leave').click()
  await expect(carol.page.getByTestId('confirm-dialog')).toContainText('退出“Climbing”？')
  await carol.page.getByTestId('confirm-ok').click()
  await expect(groupInfo(carol)).toBeHidden()
  await expect(carol.page.getByTestId('group-gone')).toHaveText('你已不在此群组中')
  await expect(alice.page.getByTestId('group-member-count')).toHaveText('2 members')
  await expect(bob.page.getByTestId('group-member-count')).toHaveText('2 members')
})

test('a discussion started from a chat: no name, called by who is in it; it ends when everyone else has left, its history kept only where asked', async ({
  person,
}) => {
  test.setTimeout(120_000)
  const { alice, bob, carol } = await aliceFriends(person)

  // From her chat with Bob, Alice adds Carol: Bob is in it already, so only Carol is offered.
  await openChat(alice, bob.host.peerId)
  await alice.page.getByTestId('add-people-open').click()
  const dialog = alice.page.getByTestId('new-group-dialog')
  await expect(dialog).toContainText('Add people to your chat with Bob')
  await expect(dialog.getByTestId('group-name-input')).toHaveCount(0)
  await expect(dialog.getByTestId('picker-name')).toHaveText(['Carol'])
  await choose(dialog, carol)
  const key = await createGroup(alice, dialog)
  await expect(alice.page.getByTestId('chat-name')).toHaveText('Bob, Carol')
  await expect(alice.page.getByTestId('group-member-count')).toHaveText('Discussion · 3 members')
  await send(alice, 'lunch at noon?')
  await openChat(bob, key)
  await expectFrom(bob, 'lunch at noon?', 'Alice')
  // Carol is no contact of Bob's: she is named as she named herself.
  await expect(bob.page.getByTestId('chat-name')).toHaveText('Alice, Carol')
  await shot(alice, 'en-US-18-discussion')

  // Carol keeps its history; she sees when it ends.
  await openChat(carol, key)
  await carol.page.getByTestId('group-info-open').click()
  await expect(groupInfo(carol).getByTestId('discussion-ends')).toContainText('临时讨论组')
  await groupInfo(carol).getByTestId('discussion-keep').click()
  await expect(groupInfo(carol).getByTestId('discussion-keep')).toBeChecked()
  await shot(carol, 'zh-CN-18-discussion-info')
  await groupInfo(carol).getByTestId('dialog-close').click()

  // Bob leaves: it ends for him, and its history goes from his list.
  await bob.page.getByTestId('group-info-open').click()
  await groupInfo(bob).getByTestId('group-leave').click()
  await expect(bob.page.getByTestId('confirm-dialog')).toContainText(
    'its history leaves this device',
  )
  await bob.page.getByTestId('confirm-ok').click()
  await expect(bob.page.getByTestId('group-gone')).toHaveText('This discussion has ended')
  await expect(row(bob, key)).toHaveCount(0)

  // Carol leaves: her history stays. Alice, alone in it, sees it end.
  await carol.page.getByTestId('group-info-open').click()
  await groupInfo(carol).getByTestId('group-leave').click()
  await carol.page.getByTestId('confirm-ok').click()
  await expect(carol.page.getByTestId('group-gone')).toHaveText('此讨论组已结束')
  await expect(message(carol, 'lunch at noon?')).toBeVisible()
  await expect(row(carol, key)).toHaveCount(1)
  await expect(alice.page.getByTestId('group-gone')).toHaveText('This discussion has ended')
  await expect(row(alice, key)).toHaveCount(0)
})
