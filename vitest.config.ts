import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**', '.data/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['db/testing/global-setup.ts'],
    // Note: vitest's default on two cores is one worker (cores - 1), which runs the files one after
    // another. Three workers keep both cores busy while a file waits on sockets or timers (the
    // realtime suites spend much of their time so); each holds at most one PGlite of ~1 GB.
    maxWorkers: 3,
  },
})
