// The NAT matrix (npm run test:nat): namespaces, NAT routers and real processes.
// It needs root, so the default `vitest run` leaves it out; .ci/run runs it as root.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['e2e/nat/**/*.test.ts'],
    fileParallelism: false,
    globalSetup: ['e2e/support/build-programs.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
})
