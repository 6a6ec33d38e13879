// The power-cut test (npm run test:powercut): a receiver whose profile loses every
// unsynced write at each cut. It takes a few minutes and needs root and /dev/fuse, so
// the default `vitest run` leaves it out (its file ends in .powercut.ts); .ci/run runs it.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['e2e/powercut/**/*.powercut.ts'],
    fileParallelism: false,
    globalSetup: ['e2e/support/build-programs.ts'],
    // Set-up, a minute of traffic and cuts (30 s more for a sender catching up), 60 s to converge.
    testTimeout: 240_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
})
