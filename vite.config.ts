import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { pdfjsAssets } from './src/readers/pdf/pdfjsAssets.vite';
import { contentSecurityPolicy, CSP_HEADER } from './src/security/csp.vite';
import { xmlParserInWorkers } from './src/sync/worker/xmlParserInWorkers.vite';

// A build id baked into the bundle: each build's files (and so the service worker's precache
// list) differ, which is how a waiting new version is detected. Tests set ALEX_BUILD_ID.
const buildId = process.env.ALEX_BUILD_ID ?? new Date().toISOString();

export default defineConfig({
  plugins: [
    solid(),
    pdfjsAssets(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon.png', 'icons/icon.svg'],
      manifest: {
        name: 'Alex',
        short_name: 'Alex',
        description: 'Your PDF and EPUB library, offline, in the browser: read books in place from a folder or a bucket.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#8a3b12',
        background_color: '#f7f5f2',
        categories: ['books', 'education', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // mjs: pdf.js ships its worker as .mjs; wasm: the SQLite engine. Both must work offline.
        // bcmap, pfb, ttf, icc: pdf.js CMaps, standard fonts and ICC profiles (src/readers/pdf/pdfjsAssets.vite.ts).
        globPatterns: ['**/*.{js,mjs,css,html,wasm,svg,png,ico,webmanifest,json,bcmap,pfb,ttf,icc}'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
  define: { __ALEX_BUILD__: JSON.stringify(buildId) },
  worker: { format: 'es', plugins: () => [xmlParserInWorkers()] },
  optimizeDeps: { exclude: ['@journeyapps/wa-sqlite'] },
  build: { target: 'es2022', sourcemap: false },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', headers: { 'Content-Security-Policy': CSP_HEADER } },
});
