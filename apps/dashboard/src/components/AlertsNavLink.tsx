import { useOpenAlerts } from '../data/alerts.ts';
import { useNow } from '../use-now.ts';
import { NavLink } from './Navigation.tsx';

/**
 * The navigation's link to the alerts, with how many are open and not silenced (a silenced
 * alert is being looked after). The count is the open alerts' read, shared with the alerts
 * page, and follows it every 15 s.
 */
export function AlertsNavLink() {
  const open = useOpenAlerts();
  const now = useNow(15_000);
  const alerts = open.data?.alerts ?? [];
  const loud = alerts.filter((a) => !a.silencedUntil || Date.parse(a.silencedUntil) <= now).length;
  const more = open.data?.nextCursor ? '+' : '';
  return (
    <NavLink href="/alerts">
      Alerts
      {loud > 0 ? (
        <span className="nav-count" data-open-alerts={loud}>
          <span className="visually-hidden"> (</span>
          {loud}
          {more}
          <span className="visually-hidden"> open)</span>
        </span>
      ) : null}
    </NavLink>
  );
}
