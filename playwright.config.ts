import { defineConfig } from '@playwright/test';

/**
 * End-to-end specs drive the built renderer in Debian's Chromium through server mode (a real
 * engine, a fresh data folder per test). Set CHROMIUM_PATH to use another Chromium binary.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './test/support/scratchTmp.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
