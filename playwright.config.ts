import { defineConfig } from '@playwright/test';

/**
 * Browser tests of Settings → Integrations (tests/e2e): the built admin, a real `strapi start` on a fresh SQLite file
 * with the demo data and the provider sandboxes (tests/e2e/global-setup.ts), driven in Debian's Chromium. The specs'
 * screenshots and the app's log go to test-results/e2e/; a failed test also leaves its trace and screenshot under
 * test-results/e2e/artifacts/. The run ends with one line `N passed, N failed`.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/e2e/artifacts',
  globalSetup: './tests/e2e/global-setup.ts',
  // one app and one System Admin journey: nothing to share the two cores with
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 5 * 60_000,
  // the System Admin's journey is one file of about seven minutes, by design
  reportSlowTests: null,
  reporter: [['list'], ['./tests/e2e/summary-reporter.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 1000 },
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
