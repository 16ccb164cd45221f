import { describe, expect, it } from 'vitest';
import { stringifyReusing } from '../services/reused-json.ts';
import type { Recipient, TopDiscovery } from '../stumbleable/index.ts';
import { createDigestEmails } from './email.ts';

const discovery = (id: string, extra: Partial<TopDiscovery> = {}): TopDiscovery =>
  ({
    id,
    url: `https://example.org/${id}`,
    title: `A "quoted" title ${id} \u2028 é`,
    description: null,
    image_url: undefined,
    domain: 'example.org',
    topics: ['art', 'tech'],
    like_count: 3,
    score: 12.5,
    ...extra,
  }) as TopDiscovery;

describe('the digest email', () => {
  const pool = [discovery('d1'), discovery('d2', { description: 'line\nbreak' }), discovery('d3')];
  const toEmail = createDigestEmails(pool, '2026-W40', { weekStart: '2026-09-21', weekEnd: '2026-09-27' });

  it('carries as its body text exactly what JSON.stringify writes of the message', () => {
    const recipients: Recipient[] = [
      { userId: 'u-1', email: 'ada@example.com', fullName: '  Ada   Lovelace ' },
      { userId: 'u-2', email: 'x"y\\z@example.com', fullName: null },
      { userId: 'u-3', email: 'b@example.com', fullName: '   ' },
    ] as Recipient[];
    for (const recipient of recipients) {
      for (const items of [[], [pool[1], pool[0]], pool] as TopDiscovery[][]) {
        const { key, message } = toEmail({ recipient, items });
        expect(key).toBe(`weekly_digest:${recipient.userId}:2026-W40`);
        expect(stringifyReusing(message)).toBe(JSON.stringify(message));
      }
    }
  });

  it('greets by first name, and shows no score', () => {
    const { message } = toEmail({
      recipient: { userId: 'u-1', email: 'ada@example.com', fullName: 'Ada Lovelace' } as Recipient,
      items: [pool[0] as TopDiscovery],
    });
    expect(message.templateData).toMatchObject({ firstName: 'Ada', email: 'ada@example.com', weekStart: '2026-09-21' });
    expect(JSON.parse(stringifyReusing(message)).templateData.discoveries[0]).not.toHaveProperty('score');
  });
});
