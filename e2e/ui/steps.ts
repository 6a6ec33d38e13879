// What a person does in the UI, as steps the specs share.
import { expect, type Locator } from '@playwright/test'
import type { Person } from './fixtures.ts'

export async function createProfile(p: Person, displayName: string): Promise<void> {
  await p.page.getByTestId('profile-name-input').fill(displayName)
  await p.page.getByTestId('profile-create').click()
  await expect(p.page.getByTestId('my-profile')).toContainText(displayName)
}

/** Alice and Bob, each with a host, a page and a profile of that name. */
export async function aliceAndBob(
  person: (name: string, options?: { listen?: string[] }) => Promise<Person>,
  options: { listen?: string[] } = {},
): Promise<[Person, Person]> {
  const alice = await person('alice', options)
  const bob = await person('bob', options)
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  return [alice, bob]
}

export async function readInviteCode(p: Person): Promise<string> {
  await p.page.getByTestId('add-contact-open').click()
  const code = (await p.page.getByTestId('my-invite-code').textContent())?.trim() ?? ''
  expect(code).toMatch(/^parley:/)
  await p.page.getByTestId('dialog-close').click()
  return code
}

/** Sends the owner of `code` a friend request, with `greeting` if given; the new chat opens. */
export async function addContact(p: Person, code: string, greeting?: string): Promise<void> {
  await p.page.getByTestId('add-contact-open').click()
  if (greeting) await p.page.getByTestId('greeting-input').fill(greeting)
  await p.page.getByTestId('invite-input').fill(code)
  await p.page.getByTestId('invite-submit').click()
  await expect(p.page.getByTestId('add-contact-dialog')).toBeHidden()
}

/** `p` opens the request from `peerId` and accepts it: the chat with them opens. */
export async function acceptRequest(p: Person, peerId: string): Promise<void> {
  await requestRow(p, peerId).click()
  await p.page.getByTestId('request-accept').click()
  await expect(p.page.getByTestId('chat-view')).toHaveAttribute('data-peer-id', peerId)
}

/**
 * Makes two people contacts the way people do: `asker` adds `answerer` by invite
 * code and `answerer` accepts in the request view. Each ends with the other's chat open.
 */
export async function befriend(asker: Person, answerer: Person): Promise<void> {
  await addContact(asker, await readInviteCode(answerer))
  await acceptRequest(answerer, asker.host.peerId)
  // The acceptance reached the asker: the "request sent" banner is gone.
  await expect(asker.page.getByTestId('request-sent-banner')).toHaveCount(0)
}

export function row(p: Person, peerId: string): Locator {
  return p.page.locator(`[data-testid=conversation-row][data-peer-id="${peerId}"]`)
}

export function requestRow(p: Person, peerId: string): Locator {
  return p.page.locator(`[data-testid=request-row][data-peer-id="${peerId}"]`)
}

export function message(p: Person, text: string): Locator {
  return p.page.getByTestId('message').filter({ hasText: text })
}

/**
 * `p`'s message reached the other side: delivered, or already read (as soon as it
 * shows in their open chat).
 */
export async function expectReached(p: Person, text: string): Promise<void> {
  await expect(message(p, text)).toHaveAttribute('data-status', /^(delivered|read)$/)
}

export async function openChat(p: Person, peerId: string): Promise<void> {
  await row(p, peerId).click()
  await expect(p.page.getByTestId('chat-view')).toHaveAttribute('data-peer-id', peerId)
}

/** Types into the composer and presses Enter to send. */
export async function send(p: Person, text: string): Promise<void> {
  await p.page.getByTestId('composer').fill(text)
  await p.page.getByTestId('composer').press('Enter')
  await expect(message(p, text.split('\n')[0] ?? text).last()).toBeVisible()
}

/** First run of a `locked` person: protects the profile with `passphrase`. */
export async function protectProfile(p: Person, passphrase: string): Promise<void> {
  await p.page.getByTestId('lock-passphrase').fill(passphrase)
  await p.page.getByTestId('lock-confirm').fill(passphrase)
  await p.page.getByTestId('lock-create').click()
  await expect(p.page.getByTestId('profile-name-input')).toBeVisible()
}

export async function unlock(p: Person, passphrase: string): Promise<void> {
  await p.page.getByTestId('unlock-passphrase').fill(passphrase)
  await p.page.getByTestId('unlock-submit').click()
}
