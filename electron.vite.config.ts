import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The page's CSP (a meta tag: Electron cannot attach CSP headers to file:// pages) is strict in
 * builds. Only the dev server relaxes it, for Vite's inline React-refresh preamble and its socket.
 */
const devCsp = (): Plugin => ({
  name: 'shotline-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*"),
});

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          // Benchmarks run the real engine on plain Node (npm run bench:export / bench:queue).
          'bench-export': resolve(__dirname, 'bench/export.ts'),
          'bench-takes': resolve(__dirname, 'bench/takeCodec.ts'),
          'bench-eta': resolve(__dirname, 'bench/eta.ts'),
          'bench-queue': resolve(__dirname, 'bench/queue.ts'),
          'bench-previz': resolve(__dirname, 'bench/previz.ts'),
          'bench-models': resolve(__dirname, 'bench/models.ts'),
          'bench-lipsync': resolve(__dirname, 'bench/lipsync.ts'),
          'bench-feed': resolve(__dirname, 'bench/feed.ts'),
          'bench-phrase': resolve(__dirname, 'bench/phrase.ts'),
          'bench-likeness': resolve(__dirname, 'bench/likeness.ts'),
          // The inference worker runs in its own process (utility process in the app, a forked child elsewhere).
          'inference-worker': resolve(__dirname, 'src/main/engine/runtime/worker/inferenceWorker.mts'),
          // The reference feed service (npm run feed-server).
          'feed-server': resolve(__dirname, 'src/feed-server/main.ts'),
          'human-worker': resolve(__dirname, 'src/main/engine/cameo/capture/humanWorker.mts'),
          // End-to-end specs make their cameo capture clips with this (test/support/cameoClips.ts).
          'capture-clip': resolve(__dirname, 'test/support/captureClipCli.ts'),
        },
      },
    },
  },
  preload: {
    // The preload runs sandboxed: it may not require packages, so everything is bundled into it.
    build: {
      externalizeDeps: false,
      rolldownOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), devCsp()],
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
