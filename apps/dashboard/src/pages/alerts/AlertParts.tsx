import { Link } from 'wouter';
import { NavLink } from '../../components/Navigation.tsx';
import { shortId } from '../../components/table/JobRows.tsx';
import type { Alert, AlertNotification } from '../../data/alerts.ts';
import { dateTime, fromNow } from '../../format.ts';
import { deliveryOf, jobOf, type Subject, subjectHref, subjectWords } from './words.ts';

/** The two alerts pages, as tabs under their heading. */
export function AlertTabs() {
  return (
    <nav aria-label="Alerts pages" className="tabs">
      <NavLink href="/alerts" exact>
        Alerts
      </NavLink>
      <NavLink href="/alerts/settings">Rules and channels</NavLink>
    </nav>
  );
}

/** What an alert or a rule is about, linked to where the dashboard shows it. */
export function SubjectLink({ subject }: { subject: Subject }) {
  const href = subjectHref(subject);
  const words = subjectWords(subject);
  return href ? <Link href={href}>{words}</Link> : words;
}

/** The job an alert names in its details, linked; nothing when it names none. */
export function AlertJob({ alert }: { alert: Pick<Alert, 'details'> }) {
  const jobId = jobOf(alert.details);
  return jobId ? (
    <Link href={`/jobs/${jobId}`} data-alert-job={jobId}>
      job {shortId(jobId)}
    </Link>
  ) : null;
}

/** An instant as "3 min ago", the full date and time on hover and for the machine. */
export function When({ at, now }: { at: string | null; now: number }) {
  if (!at) return <>–</>;
  return (
    <time dateTime={at} title={dateTime(at)}>
      {fromNow(at, Math.max(now, Date.parse(at)))}
    </time>
  );
}

const DELIVERY_ICON = { delivered: '✓', retrying: '↻', gave_up: '✗', pending: '◷' } as const;

/** Whether one notification reached its channel: an icon and words, never colour alone. */
export function Delivery({ notification }: { notification: AlertNotification }) {
  const { state, words } = deliveryOf(notification);
  return (
    <span className={`delivery delivery-${state}`} data-delivery={state}>
      <span aria-hidden="true">{DELIVERY_ICON[state]}</span> {words}
      {notification.deliveredAt ? (
        <>
          {' '}
          <span className="muted">{dateTime(notification.deliveredAt)}</span>
        </>
      ) : null}
    </span>
  );
}

/** The notifications sent for an alert, one line per channel and state change. */
export function Notifications({ alert }: { alert: Pick<Alert, 'notifications'> }) {
  if (alert.notifications.length === 0) return <p className="muted">No channel was notified.</p>;
  return (
    <ul className="deliveries" aria-label="Notifications">
      {alert.notifications.map((n) => (
        <li key={`${n.channelId}:${n.transition}`} data-channel={n.channelName} data-transition={n.transition}>
          <strong>{n.channelName}</strong> <span className="muted">{n.transition}</span> <Delivery notification={n} />
        </li>
      ))}
    </ul>
  );
}
