import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const conditions = ['@platform/source', ...defaultServerConditions];

/**
 * Shared vitest settings: workspace packages resolve to their TypeScript sources
 * (the `@platform/source` export condition), so tests never need a prior build.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    // Read by scripts/test-summary.mjs for the closing line of `npm test`.
    outputFile: { json: '.vitest-results.json' },
  },
});
