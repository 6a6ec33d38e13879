// Reply, edit, delete and react, both ways, in the UI: Alice in English (light),
// Bob in Chinese (dark). Screenshots in test-results/screenshots: en-US-16-* and
// zh-CN-16-*.
import { expect, screenshotDir, test } from './fixtures.ts'
import { befriend, createProfile, message, row, send } from './steps.ts'

test('reply, edit, delete and react, both ways, with the keyboard too', async ({ person }) => {
  const alice = await person('alice')
  const bob = await person('bob', { locale: 'zh-CN', colorScheme: 'dark' })
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  await befriend(alice, bob)

  // Bob replies to Alice's question from its tools; the quote is above his composer.
  await send(alice, 'Lunch at noon?')
  const question = message(bob, 'Lunch at noon?')
  await question.hover()
  await question.getByTestId('reply-button').click()
  await expect(bob.page.getByTestId('reply-banner')).toContainText('Lunch at noon?')
  await send(bob, '好的，中午见')
  await expect(bob.page.getByTestId('reply-banner')).toHaveCount(0)
  const reply = message(alice, '好的，中午见')
  await expect(reply.getByTestId('quote')).toContainText('Lunch at noon?')

  // Alice edits her last message with the Up arrow; both see the new text, "edited".
  await alice.page.getByTestId('composer').focus()
  await alice.page.getByTestId('composer').press('ArrowUp')
  await expect(alice.page.getByTestId('editing-banner')).toBeVisible()
  await expect(alice.page.getByTestId('composer')).toHaveValue('Lunch at noon?')
  await alice.page.getByTestId('composer').fill('Lunch at one?')
  await alice.page.getByTestId('composer').press('Enter')
  const edited = message(bob, 'Lunch at one?')
  await expect(edited.getByTestId('edited-label')).toHaveText('已编辑')
  await expect(message(alice, 'Lunch at one?').getByTestId('edited-label')).toHaveText('edited')
  // The quote still names the message; a click on it brings that message into view.
  await reply.getByTestId('quote').click()

  // Reactions both ways: Bob 👍 on the question, Alice ❤️ on the reply (then 😂 instead).
  await edited.hover()
  await edited.getByTestId('react-button').click()
  await edited.getByRole('button', { name: '用 👍 回应' }).click()
  const aliceQuestion = message(alice, 'Lunch at one?')
  await expect(aliceQuestion.getByTestId('reaction')).toHaveAttribute('data-emoji', '👍')
  await expect(aliceQuestion.getByTestId('reaction')).toHaveAttribute(
    'title',
    'Bob reacted with 👍',
  )
  await reply.hover()
  await reply.getByTestId('react-button').click()
  await reply.getByRole('button', { name: 'React with ❤️' }).click()
  await reply.hover()
  await reply.getByTestId('react-button').click()
  await reply.getByRole('button', { name: 'React with 😂' }).click()
  const bobReply = message(bob, '好的，中午见')
  await expect(bobReply.getByTestId('reaction')).toHaveAttribute('data-emoji', '😂')
  await expect(bobReply.getByTestId('reaction')).toHaveCount(1)
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-16-reply-edit-react.png` })
  await bob.page.screenshot({ path: `${screenshotDir}/zh-CN-16-reply-edit-react.png` })

  // Deleting asks first; for everyone, both sides keep only a tombstone.
  await send(alice, 'wrong chat, sorry')
  const wrong = message(alice, 'wrong chat, sorry')
  await expect(message(bob, 'wrong chat, sorry')).toBeVisible()
  await wrong.hover()
  await wrong.getByTestId('delete-button').click()
  await expect(alice.page.getByTestId('confirm-cancel')).toBeFocused()
  await alice.page.getByTestId('delete-for-everyone').click()
  await expect(alice.page.getByTestId('message').filter({ hasText: 'wrong chat' })).toHaveCount(0)
  await expect(bob.page.locator('[data-testid=message][data-deleted=true]')).toHaveText(
    /此消息已删除/,
  )
  await expect(alice.page.locator('[data-testid=message][data-deleted=true]')).toHaveText(
    /This message was deleted/,
  )
  await expect(bob.page.getByTestId('conversation-row')).toContainText('此消息已删除')

  // Bob deletes Alice's reply-quoted question for himself only, from the keyboard.
  await edited.hover()
  await edited.getByTestId('delete-button').focus()
  await bob.page.keyboard.press('Enter')
  await expect(bob.page.getByTestId('delete-for-everyone')).toHaveCount(0)
  await bob.page.getByTestId('delete-for-me').click()
  await expect(message(bob, 'Lunch at one?')).toHaveCount(0)
  await expect(message(alice, 'Lunch at one?')).toBeVisible()
  // His reply keeps no quote of it either; hers still quotes it.
  await expect(bobReply.getByTestId('quote')).toContainText('此消息已删除')
  await expect(reply.getByTestId('quote')).toContainText('Lunch at noon?')
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-16-deleted.png` })
  await bob.page.screenshot({ path: `${screenshotDir}/zh-CN-16-deleted.png` })
})

test('a click on a quote loads older messages until the one it answers is there, and highlights it', async ({
  person,
}) => {
  const alice = await person('alice')
  const bob = await person('bob')
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  await befriend(alice, bob)
  await send(alice, 'The question from long ago')
  // More than a page of messages after it (PAGE_SIZE is 50).
  for (let i = 1; i <= 55; i++) await send(alice, `filler ${i}`)
  await expect(message(bob, 'filler 55')).toBeVisible()
  // Bob scrolls up to the question and answers it.
  await bob.page.getByTestId('message-list').evaluate((el) => {
    el.scrollTop = 0
  })
  const question = message(bob, 'The question from long ago')
  await question.hover()
  await question.getByTestId('reply-button').click()
  await send(bob, 'The answer, now')

  // Alice opens the chat afresh: its newest page has the answer, not the question.
  await alice.page.reload()
  await row(alice, bob.host.peerId).click()
  const answer = message(alice, 'The answer, now')
  await expect(answer.getByTestId('quote')).toContainText('The question from long ago')
  // Hers, not the answer quoting it.
  const original = message(alice, 'The question from long ago').and(
    alice.page.locator('[data-direction=out]'),
  )
  await expect(original).toHaveCount(0)
  await answer.getByTestId('quote').click()
  await expect(original).toBeInViewport()
  await expect(original.locator('.highlighted-bubble')).toHaveCount(1)
})
