// End-to-end UI tests: Debian's Chromium drives the real UI of browser-mode hosts
// that run real cores against a real relay.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: 'e2e/ui',
  outputDir: 'test-results/playwright',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Each test runs a relay and two cores; two cores do not fit two tests at once.
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
