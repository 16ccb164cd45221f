import { firstNameOf, type OnceEmail } from '../send-once.ts';
import type { WeeklyTrendingData } from '../services/email-templates.ts';
import { serialiseOnce, stringifyReusing, withOwnText } from '../services/reused-json.ts';
import type { Recipient, TopDiscovery } from '../stumbleable/index.ts';

/**
 * The weekly-trending email of each recipient, under its ledger key weekly_digest:<userId>:<isoWeek>.
 * Each discovery as the template shows it (without its score) is made and serialised once for
 * every email that carries it, and each email's JSON body is written from those texts and the
 * recipient's three strings when it is sent (bench:digest: walking every message to serialise it was ~3% of
 * the worker's time); `stringifyReusing` copies it. The text is what JSON.stringify writes of the
 * message (email.test.ts).
 */
export function createDigestEmails(
  pool: readonly TopDiscovery[],
  weekLabel: string,
  periodDates: { weekStart: string; weekEnd: string },
) {
  const shown = new Map(pool.map(({ score: _score, ...discovery }) => [discovery.id, serialiseOnce(discovery)]));
  const period = `"weekStart":${JSON.stringify(periodDates.weekStart)},"weekEnd":${JSON.stringify(periodDates.weekEnd)}`;
  const bodyOf = (r: Recipient, discoveries: readonly object[], firstName: string | undefined) => {
    const email = JSON.stringify(r.email);
    let listed = '';
    for (const discovery of discoveries) listed += `${listed ? ',' : ''}${stringifyReusing(discovery)}`;
    const greeting = firstName === undefined ? '' : `,"firstName":${JSON.stringify(firstName)}`;
    const data = `{"discoveries":[${listed}],${period},"email":${email}${greeting}}`;
    return `{"userId":${JSON.stringify(r.userId)},"emailType":"weekly-trending","recipientEmail":${email},"templateData":${data}}`;
  };
  return ({ recipient: r, items }: { recipient: Recipient; items: readonly TopDiscovery[] }): OnceEmail => {
    const discoveries = items.map((item) => shown.get(item.id) as Omit<TopDiscovery, 'score'>);
    const { firstName } = firstNameOf(r.fullName);
    const templateData: WeeklyTrendingData = { discoveries, ...periodDates, email: r.email };
    if (firstName !== undefined) templateData.firstName = firstName;
    const key = `weekly_digest:${r.userId}:${weekLabel}`;
    const message = { userId: r.userId, emailType: 'weekly-trending', recipientEmail: r.email, templateData };
    return { key, message: withOwnText(message, () => bodyOf(r, discoveries, firstName)) };
  };
}
