import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test/support/summary-line-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    reporters: ['default', new SummaryLineReporter()],
  },
});
