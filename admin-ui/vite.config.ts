/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const contract = fileURLToPath(new URL('../server/src/contract/index.ts', import.meta.url));
const apiServer = 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@contract': contract },
  },
  // Monaco's workers are bundled as separate ES module chunks (`?worker` imports).
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Monaco's editor core is one large chunk by nature; it is lazy-loaded with the editor routes.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      output: {
        // The libraries every screen needs, in one long-cached chunk; Monaco stays in the lazy editor chunks.
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack|i18next|react-i18next|socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // socket.io lives under the admin API (where the session cookie is scoped); listed first
      // so its WebSocket upgrade is proxied.
      '/api/admin/socket.io': { target: apiServer, ws: true, changeOrigin: false },
      '/api': { target: apiServer, changeOrigin: false },
    },
  },
  test: {
    name: 'admin-ui',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // Form pages render many fields in jsdom: seconds each on 2 busy cores, never a hang.
    testTimeout: 20_000,
  },
});
