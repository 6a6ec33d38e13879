// End-to-end tests in a real browser engine: Debian's Chromium drives the real UI
// of browser-mode hosts (project "ui"), and Playwright's Electron driver the real
// desktop app (project "electron"; skipped, saying why, where no Electron binary
// exists). Both run real cores against a real relay.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/support/build-programs.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Each test runs a relay and two cores; two cores do not fit two tests at once.
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  projects: [
    {
      name: 'ui',
      testDir: 'e2e/ui',
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
    },
    {
      // Needs `npm run build` first, and on Linux a display (e.g. xvfb-run).
      name: 'electron',
      testDir: 'e2e/electron',
      testMatch: '*.spec.ts',
      timeout: 120_000,
      expect: { timeout: 30_000 },
    },
  ],
})
