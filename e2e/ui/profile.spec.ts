// A profile photo and a status line, in the UI: the photo is chosen through the
// file chooser (the core refuses a file that is not a picture, and says why), and
// a contact sees both in the sidebar and the chat header.
import { writeFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import sharp from 'sharp'
import { expect, screenshotDir, test } from './fixtures.ts'
import { addContact, aliceAndBob, openChat, readInviteCode, row } from './steps.ts'

/** A photo as a camera makes it: large, JPEG, with EXIF. */
function photo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#ff7e5f"/><stop offset="1" stop-color="#feb47b"/>
    </linearGradient></defs>
    <rect width="1600" height="1200" fill="url(#sky)"/>
    <circle cx="800" cy="720" r="260" fill="#fff3b0"/>
    <rect y="800" width="1600" height="400" fill="#2b4162"/>
  </svg>`
  return sharp(Buffer.from(svg))
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Model: 'Test Camera' } })
    .toBuffer()
}

/** Opens the file chooser from Settings' "Choose photo…" and picks `path`. */
async function choosePhoto(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByTestId('avatar-choose').click()
  await (await chooser).setFiles(path)
}

test('a profile photo and a status line, which a contact sees', async ({ person }, testInfo) => {
  const [alice, bob] = await aliceAndBob(person)
  // Bob asks Alice to be a contact; she accepts.
  await addContact(bob, await readInviteCode(alice))
  await alice.page.locator(`[data-testid=request-row][data-peer-id="${bob.host.peerId}"]`).click()
  await alice.page.getByTestId('request-accept').click()
  await expect(row(alice, bob.host.peerId)).toBeVisible()

  const picture = testInfo.outputPath('sunset.jpg')
  const notPicture = testInfo.outputPath('notes.png')
  await writeFile(picture, await photo())
  await writeFile(notPicture, 'These are words, not a picture.')

  const page = alice.page
  await page.setViewportSize({ width: 1100, height: 760 })
  await page.getByTestId('settings-open').click()
  await choosePhoto(page, notPicture)
  await expect(page.getByTestId('avatar-error')).toContainText('not a picture')
  await expect(page.getByTestId('avatar-preview').getByTestId('avatar-image')).toHaveCount(0)

  await choosePhoto(page, picture)
  const preview = page.getByTestId('avatar-preview').getByTestId('avatar-image')
  await expect(preview).toHaveAttribute('src', /^data:image\/webp;base64,/)
  await expect(page.getByTestId('avatar-error')).toHaveCount(0)
  await page.getByTestId('settings-status-input').fill('Reading in the park 🌳')
  await page.getByTestId('settings-name-save').click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await page.screenshot({ path: `${screenshotDir}/en-US-10-profile.png` })
  const src = (await preview.getAttribute('src')) as string
  await page.getByTestId('dialog-close').click()
  await expect(page.getByTestId('my-profile').getByTestId('avatar-image')).toHaveAttribute(
    'src',
    src,
  )

  // Bob sees the photo in his list and in the chat header, with the status line.
  await bob.page.setViewportSize({ width: 1100, height: 720 })
  await expect(row(bob, alice.host.peerId).getByTestId('avatar-image')).toHaveAttribute('src', src)
  await openChat(bob, alice.host.peerId)
  await expect(bob.page.getByTestId('chat-status-line')).toHaveText('Reading in the park 🌳')
  await expect(bob.page.getByTestId('chat-header').getByTestId('avatar-image')).toBeVisible()
  await bob.page.screenshot({ path: `${screenshotDir}/en-US-11-contact-profile.png` })

  // Removed: Bob is back to Alice's initial.
  await page.getByTestId('settings-open').click()
  await page.getByTestId('avatar-remove').click()
  await expect(page.getByTestId('avatar-remove')).toHaveCount(0)
  await expect(bob.page.getByTestId('chat-header').getByTestId('avatar-image')).toHaveCount(0)
})
