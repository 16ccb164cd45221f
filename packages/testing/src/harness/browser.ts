import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: Playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  // Root in a container cannot use Chromium's sandbox.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
