import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{protocol,main,relay,e2e,renderer}/**/*.test.ts'],
    // The NAT matrix needs root: npm run test:nat (vitest.nat.config.ts).
    exclude: [...configDefaults.exclude, 'e2e/nat/**'],
    // Process-level tests start relays and clients; two cores do not fit two files at once.
    fileParallelism: false,
    globalSetup: ['e2e/support/build-programs.ts'],
    setupFiles: ['e2e/support/failure-output.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 15_000,
  },
})
