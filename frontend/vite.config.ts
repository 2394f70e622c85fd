import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // Component tests wait on conditions, never on time; the limits are
    // only how long a loaded machine (2 cores shared by parallel workers)
    // may take before a wait counts as failed.
    testTimeout: 30_000,
  },
});
