import { firstNameOf, type OnceEmail } from '../send-once.ts';
import type { WeeklyTrendingData } from '../services/email-templates.ts';
import { serialiseOnce } from '../services/reused-json.ts';
import type { Recipient, TopDiscovery } from '../stumbleable/index.ts';

/**
 * The weekly-trending email of each recipient, under its ledger key weekly_digest:<userId>:<isoWeek>.
 * Each discovery as the template shows it (without its score) is made and serialised once for
 * every email that carries it.
 */
export function createDigestEmails(
  pool: readonly TopDiscovery[],
  weekLabel: string,
  periodDates: { weekStart: string; weekEnd: string },
) {
  const shown = new Map(pool.map(({ score: _score, ...discovery }) => [discovery.id, serialiseOnce(discovery)]));
  return ({ recipient: r, items }: { recipient: Recipient; items: readonly TopDiscovery[] }): OnceEmail => ({
    key: `weekly_digest:${r.userId}:${weekLabel}`,
    message: {
      userId: r.userId,
      emailType: 'weekly-trending',
      recipientEmail: r.email,
      templateData: {
        discoveries: items.map((item) => shown.get(item.id) as Omit<TopDiscovery, 'score'>),
        ...periodDates,
        email: r.email,
        ...firstNameOf(r.fullName),
      } satisfies WeeklyTrendingData,
    },
  });
}
