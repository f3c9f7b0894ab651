import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Built into $CERTKEEP_WEB_OUT (the project's build sets it) or ../build/web, and served
// by certkeep at `/`: client-side routes get index.html, assets/ are content-hashed so
// they can be cached for good.
const outDir = process.env.CERTKEEP_WEB_OUT ? resolve(process.env.CERTKEEP_WEB_OUT) : resolve(__dirname, '../build/web');

// `npm run dev` proxies /api to a running certkeep (its certificate is certkeep's own CA's,
// hence secure: false); CERTKEEP_DEV_API names it.
const apiTarget = process.env.CERTKEEP_DEV_API ?? 'https://localhost:8443';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: apiTarget, secure: false, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, secure: false, changeOrigin: false } },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
