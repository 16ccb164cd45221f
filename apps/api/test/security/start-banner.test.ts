import { describe, expect, it } from 'vitest';
import { startBanner } from '../../../../scripts/start-banner.ts';

/**
 * Issue 21, finding 8 (pnpm start): the service key is printed only when this run generated
 * it; a key from the environment or from the key file stays out of the terminal.
 */
const KEY = 'a7f3c9e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6';
const keyFile = '/repo/.local/service-key';

describe("pnpm start's banner", () => {
  it('shows a key it generated, once, with a curl line that uses it', () => {
    const text = startBanner({ port: '7005', key: KEY, source: 'generated', keyFile });
    expect(text).toContain(`Service key:      ${KEY}`);
    expect(text).toContain(`-H "Authorization: Bearer ${KEY}"`);
  });

  it.each([
    ['environment', '$SCHEDULER_SERVICE_KEY'],
    ['file', `$(cat ${keyFile})`],
  ] as const)('never prints a key that came from the %s', (source, reference) => {
    const text = startBanner({ port: '7005', key: KEY, source, keyFile });
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(0, 16));
    expect(text).toContain(`-H "Authorization: Bearer ${reference}"`);
  });
});
