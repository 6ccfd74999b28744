import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**', '.data/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
})
