// Safety numbers in the UI: two people open the screen from the contact info,
// see the same 60 digits, one pastes the other's code (her own is refused), the
// other marks it verified by eye, and a badge shows by the name. When Bob's
// encryption keys are made anew (same peer id), Alice's chat warns, the badge
// goes, and the warning opens the screen with the new number.
import type { Page } from '@playwright/test'
import { Level } from 'level'
import { expect, screenshotDir, test } from './fixtures.ts'
import { aliceAndBob, befriend, message, send } from './steps.ts'

/** Opens the safety-number screen from the open chat's contact info; resolves with its digits. */
async function openSafetyNumber(page: Page): Promise<string> {
  await page.getByTestId('contact-info-open').click()
  await page.getByTestId('safety-open').click()
  const digits = page.getByTestId('safety-digits')
  await expect(digits).toHaveAttribute('data-digits', /^\d{60}$/)
  await expect(digits.locator('span')).toHaveCount(12)
  await expect(page.getByTestId('safety-qr')).toBeVisible()
  return (await digits.getAttribute('data-digits')) as string
}

/** Closes the safety-number screen and the contact info under it. */
async function closeDialogs(page: Page): Promise<void> {
  await page.getByTestId('safety-dialog').getByTestId('dialog-close').click()
  await page.getByTestId('contact-info-dialog').getByTestId('dialog-close').click()
  await expect(page.getByTestId('contact-info-dialog')).toHaveCount(0)
}

/**
 * Deletes a stopped profile's Signal keys and sessions (LevelDB keys are not
 * sealed, so no passphrase is needed): its next start makes a new identity key
 * on the same peer id, as a reinstall would.
 */
async function forgetSignalKeys(dataDir: string): Promise<void> {
  const db = new Level<string, Uint8Array>(dataDir, { valueEncoding: 'view' })
  await db.open()
  try {
    const keys = await db.keys({ gte: '!signal!', lt: '!signal"' }).all()
    expect(keys.length).toBeGreaterThan(0)
    await db.batch(keys.map((key) => ({ type: 'del' as const, key })))
  } finally {
    await db.close()
  }
}

test('a safety number compared between two people verifies; a new key warns', async ({
  person,
}) => {
  const [alice, bob] = await aliceAndBob(person)
  await befriend(bob, alice)
  await alice.page.setViewportSize({ width: 1100, height: 860 })
  // A message each way: both have the other's identity key.
  await send(alice, 'hello bob')
  await expect(message(bob, 'hello bob')).toBeVisible()
  await send(bob, 'hello alice')
  await expect(message(alice, 'hello alice')).toBeVisible()

  const digits = await openSafetyNumber(alice.page)
  expect(await openSafetyNumber(bob.page)).toBe(digits)
  const aliceCode = (await alice.page.getByTestId('safety-code').textContent()) as string
  const bobCode = (await bob.page.getByTestId('safety-code').textContent()) as string
  await expect(alice.page.getByTestId('safety-status')).toHaveAttribute('data-verified', 'false')

  // Alice pastes her own code by mistake: the core refuses it; then Bob's.
  const input = alice.page.getByTestId('safety-compare-input')
  await input.fill(aliceCode)
  await alice.page.getByTestId('safety-compare').click()
  await expect(alice.page.getByTestId('safety-outcome')).toContainText('this is your own code')
  await expect(alice.page.getByTestId('safety-status')).toHaveAttribute('data-verified', 'false')
  await input.fill(bobCode)
  await alice.page.getByTestId('safety-compare').click()
  await expect(alice.page.getByTestId('safety-outcome')).toHaveText(
    'The codes match: Bob is verified.',
  )
  await expect(alice.page.getByTestId('safety-status')).toHaveAttribute('data-verified', 'true')
  await expect(input).toHaveValue('')
  await expect(alice.page.getByTestId('safety-clear')).toBeVisible()
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-safety-number.png` })

  // Bob compared the digits by eye.
  await bob.page.getByTestId('safety-mark').click()
  await expect(bob.page.getByTestId('safety-status')).toHaveAttribute('data-verified', 'true')
  await expect(
    bob.page.getByTestId('contact-info-dialog').getByTestId('verified-badge'),
  ).toBeVisible()
  for (const p of [alice, bob]) {
    await closeDialogs(p.page)
    await expect(p.page.getByTestId('chat-header').getByTestId('verified-badge')).toBeVisible()
  }
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-safety-verified.png` })

  // Bob's encryption keys are made anew: Alice's next message meets his new key.
  await bob.restart(() => forgetSignalKeys(bob.dataDir))
  await send(alice, 'are you still you?')
  const notice = alice.page.locator('[data-testid=system-message][data-kind=identity-changed]')
  await expect(notice).toContainText('Your safety number with Bob has changed')
  await expect(alice.page.getByTestId('chat-header').getByTestId('verified-badge')).toHaveCount(0)
  await notice.getByTestId('safety-changed-open').click()
  const digits2 = alice.page.getByTestId('safety-digits')
  await expect(digits2).toHaveAttribute('data-digits', /^\d{60}$/)
  expect(await digits2.getAttribute('data-digits')).not.toBe(digits)
  await expect(alice.page.getByTestId('safety-status')).toHaveAttribute('data-verified', 'false')
  await alice.page.getByTestId('safety-dialog').getByTestId('dialog-close').click()
  await alice.page.screenshot({ path: `${screenshotDir}/en-US-safety-changed.png` })
})
