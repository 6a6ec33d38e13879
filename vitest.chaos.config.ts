// The chaos test (npm run test:chaos): a relay and two clients killed and restarted
// while they exchange thousands of messages. It takes minutes, so the default
// `vitest run` leaves it out (its file ends in .chaos.ts, not .test.ts); .ci/run runs it.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['e2e/chaos/**/*.chaos.ts'],
    fileParallelism: false,
    globalSetup: ['e2e/support/build-programs.ts'],
    // Set-up, two minutes of traffic and kills (30 s more for senders catching up), 60 s to converge.
    testTimeout: 285_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
})
