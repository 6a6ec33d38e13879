// Passphrase-locked profiles in the real UI over a real core: first-run set-up,
// the unlock screen after a restart, a wrong passphrase, changing the passphrase
// and locking from Settings, and a profile left without one (warned about).
// Screenshots of the lock screens go to test-results/screenshots/.
import type { Page } from '@playwright/test'
import { expect, screenshotDir, test } from './fixtures.ts'
import {
  befriend,
  createProfile,
  expectReached,
  message,
  openChat,
  protectProfile,
  send,
  unlock,
} from './steps.ts'

const PASSPHRASE = 'lanterns over the harbour'
const NEXT = 'seven quiet herons'

async function shot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1100, height: 720 })
  await page.screenshot({ path: `${screenshotDir}/${name}.png` })
}

test('a profile protected by a passphrase opens only with it, after a restart', async ({
  person,
}) => {
  const alice = await person('alice', { locked: true })
  const bob = await person('bob')
  await expect(alice.page.getByTestId('lock-warning')).toBeVisible()
  await shot(alice.page, 'en-US-5-passphrase-setup')

  // Too short, then two that differ: said at once, nothing created.
  await alice.page.getByTestId('lock-passphrase').fill('short')
  await alice.page.getByTestId('lock-create').click()
  await expect(alice.page.getByTestId('lock-error')).toHaveText('Use at least 8 characters.')
  await alice.page.getByTestId('lock-passphrase').fill(PASSPHRASE)
  await alice.page.getByTestId('lock-confirm').fill(`${PASSPHRASE}!`)
  await alice.page.getByTestId('lock-create').click()
  await expect(alice.page.getByTestId('lock-error')).toHaveText('The two passphrases differ.')

  await protectProfile(alice, PASSPHRASE)
  await createProfile(alice, 'Alice')
  await createProfile(bob, 'Bob')
  await befriend(bob, alice)
  await openChat(bob, alice.host.peerId)
  await send(bob, 'Is the harbour quiet tonight?')
  await expectReached(bob, 'harbour quiet')

  await alice.restart()
  const error = alice.page.getByTestId('unlock-error')
  await expect(alice.page.getByTestId('unlock-passphrase')).toBeFocused()
  await expect(error).toBeHidden()
  await shot(alice.page, 'en-US-6-unlock')

  await unlock(alice, 'lanterns over the harbor')
  await expect(error).toHaveText('Wrong passphrase. Nothing was opened; try again.')
  await expect(error).toHaveAttribute('role', 'alert')
  await expect(alice.page.getByTestId('unlock-passphrase')).toHaveAttribute('aria-invalid', 'true')
  await shot(alice.page, 'en-US-7-unlock-wrong')
  await expect(alice.page.getByTestId('my-profile')).toHaveCount(0)

  await unlock(alice, PASSPHRASE)
  await expect(alice.page.getByTestId('my-profile')).toContainText('Alice')
  await openChat(alice, bob.host.peerId)
  await expect(message(alice, 'Is the harbour quiet tonight?')).toHaveAttribute(
    'data-direction',
    'in',
  )
})

test('Settings changes the passphrase and locks the profile; the old one no longer opens it', async ({
  person,
}) => {
  const alice = await person('alice', { locked: true })
  await protectProfile(alice, PASSPHRASE)
  await createProfile(alice, 'Alice')

  await alice.page.getByTestId('settings-open').click()
  const settings = alice.page.getByTestId('passphrase-settings')
  await expect(settings.getByTestId('passphrase-warning')).toHaveCount(0)
  await settings.getByTestId('change-passphrase-current').fill('not the passphrase')
  await settings.getByTestId('change-passphrase-next').fill(NEXT)
  await settings.getByTestId('change-passphrase-confirm').fill(NEXT)
  await settings.getByTestId('change-passphrase-submit').click()
  await expect(settings.getByTestId('change-passphrase-error')).toHaveText(
    'The current passphrase is wrong. Nothing changed.',
  )
  await settings.getByTestId('change-passphrase-current').fill(PASSPHRASE)
  await settings.getByTestId('change-passphrase-submit').click()
  await expect(settings.getByTestId('change-passphrase-done')).toBeVisible()
  await expect(alice.page.getByTestId('settings-dialog')).toBeVisible()

  await settings.getByTestId('lock-now').click()
  await expect(alice.page.getByTestId('unlock-passphrase')).toBeVisible()
  await unlock(alice, PASSPHRASE)
  await expect(alice.page.getByTestId('unlock-error')).toBeVisible()
  await unlock(alice, NEXT)
  await expect(alice.page.getByTestId('my-profile')).toContainText('Alice')
})

test('a profile created without a passphrase says so until one is set', async ({ person }) => {
  const carol = await person('carol', { locked: true, locale: 'zh-CN' })
  await expect(carol.page.getByTestId('lock-warning')).toContainText('任何能使用这台电脑')
  await shot(carol.page, 'zh-CN-5-passphrase-setup')
  await carol.page.getByTestId('lock-skip').click()
  await createProfile(carol, 'Carol')

  // No passphrase: nothing to unlock after a restart, and Settings warns.
  await carol.restart()
  await expect(carol.page.getByTestId('my-profile')).toContainText('Carol')
  await carol.page.getByTestId('settings-open').click()
  const settings = carol.page.getByTestId('passphrase-settings')
  await expect(settings.getByTestId('passphrase-warning')).toBeVisible()
  await expect(settings.getByTestId('change-passphrase-current')).toHaveCount(0)
  await shot(carol.page, 'zh-CN-8-settings-no-passphrase')

  await settings.getByTestId('change-passphrase-next').fill(NEXT)
  await settings.getByTestId('change-passphrase-confirm').fill(NEXT)
  await settings.getByTestId('change-passphrase-submit').click()
  await expect(settings.getByTestId('change-passphrase-done')).toBeVisible()
  await expect(settings.getByTestId('passphrase-warning')).toHaveCount(0)

  await carol.restart()
  await expect(carol.page.getByTestId('unlock-passphrase')).toBeVisible()
  await shot(carol.page, 'zh-CN-6-unlock')
  await unlock(carol, NEXT)
  await expect(carol.page.getByTestId('my-profile')).toContainText('Carol')
})
