// The desktop app's end-to-end tests: the real Electron app, driven by Playwright.
// They need an Electron binary (ELECTRON_OVERRIDE_DIST_PATH, or the electron
// package's downloaded one) and, on Linux, a display (e.g. xvfb-run); without a
// binary they are skipped, saying why. Build first: npm run test:electron does.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // Each test runs a relay and two apps, each with its own core.
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
})
