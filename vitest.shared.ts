import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings: workspace packages resolve to their TypeScript sources
 * (the `@platform/source` export condition), so tests never need a prior build.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@platform/source'] },
  ssr: { resolve: { conditions: ['@platform/source'] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
