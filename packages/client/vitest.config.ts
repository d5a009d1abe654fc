import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist and packs the tarball once, as publishing does, before the tests that use them.
    globalSetup: ['test/global-setup.ts'],
  },
});
