// Screenshots of the main screens in both languages, saved as test artifacts under
// test-results/screenshots/ for people to look at. Each also checks that the page
// really is in that language, and switching language in Settings works.
import type { Page } from '@playwright/test'
import { expect, screenshotDir, test } from './fixtures.ts'
import { befriend, createProfile, openChat, send } from './steps.ts'

const languages = [
  { locale: 'en-US', lang: 'en', create: 'Create profile', other: 'zh-CN', otherWord: '设置' },
  { locale: 'zh-CN', lang: 'zh-CN', create: '创建资料', other: 'en', otherWord: 'Settings' },
]

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screenshotDir}/${name}.png` })
}

for (const { locale, lang, create, other, otherWord } of languages) {
  test(`main screens in ${locale}`, async ({ person }) => {
    const alice = await person('alice', { locale })
    const bob = await person('bob', { locale })
    await alice.page.setViewportSize({ width: 1100, height: 720 })

    await expect(alice.page.getByTestId('profile-create')).toHaveText(create)
    await expect(alice.page.locator('html')).toHaveAttribute('lang', lang)
    await shot(alice.page, `${locale}-1-first-run`)

    await createProfile(alice, 'Alice')
    await createProfile(bob, 'Bob')
    await befriend(bob, alice)
    await openChat(bob, alice.host.peerId)
    await send(bob, 'Are we still on for lunch? 🍜')
    await alice.page.getByTestId('conversation-row').first().click()
    await send(alice, 'Yes! 12:30 at the usual place.\nBring the slides 📎')
    await shot(alice.page, `${locale}-2-chat`)

    await alice.page.getByTestId('add-contact-open').click()
    await expect(alice.page.getByTestId('invite-qr')).toBeVisible()
    await shot(alice.page, `${locale}-3-add-contact`)
    await alice.page.getByTestId('dialog-close').click()

    await alice.page.getByTestId('settings-open').click()
    await expect(alice.page.getByTestId('network-panel')).toBeVisible()
    await shot(alice.page, `${locale}-4-settings`)

    // Switching language takes effect at once.
    await alice.page.getByTestId('language-select').selectOption(other)
    await expect(alice.page.getByTestId('settings-dialog')).toContainText(otherWord)
  })
}
