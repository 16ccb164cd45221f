import { describe, expect, it } from 'vitest';
import { nextUrl } from '../../../dashboard/src/next-url.ts';

/**
 * Issue 21, finding 6: after sign-in the dashboard follows `next` only to its own origin.
 * (apps/dashboard/test/sign-in-redirect.test.ts signs in through Chromium with these.)
 */
const ORIGIN = 'http://127.0.0.1:7005';

describe('where sign-in goes next', () => {
  it.each(['/admin/queues', '/docs', '/admin/queues/queue/test_noop?status=failed#top', 'http://127.0.0.1:7005/docs'])(
    'follows %s on this site',
    (next) => {
      expect(nextUrl(next, ORIGIN)).toBe(new URL(next, ORIGIN).href);
    },
  );

  it.each([
    // What the probe used, as the page reads them from the query string (decoded).
    '/\\127.0.0.1:37099/phish',
    '/\t/127.0.0.1:37099/phish',
    '/\n/127.0.0.1:37099/phish',
    '/\\/127.0.0.1:37099/phish',
    '//127.0.0.1:37099/phish',
    '\\\\127.0.0.1:37099/phish',
    ' //evil.example/',
    '/\r\n/evil.example/',
    'https:evil.example',
    'https://evil.example/',
    'http://127.0.0.1:7006/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ])('refuses %j', (next) => {
    expect(nextUrl(next, ORIGIN)).toBeNull();
  });

  it('stays on the dashboard without a next', () => {
    expect(nextUrl(null, ORIGIN)).toBeNull();
    expect(nextUrl('', ORIGIN)).toBeNull();
  });

  it('returns an absolute address, so nothing can read it as protocol-relative later', () => {
    // A path of this site that starts with two slashes once resolved.
    const next = nextUrl('/.//evil.example/x', ORIGIN);
    expect(next?.startsWith(`${ORIGIN}/`)).toBe(true);
  });
});
