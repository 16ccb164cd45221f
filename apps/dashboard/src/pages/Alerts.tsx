import { useState } from 'react';
import { useSearchParams } from 'wouter';
import { api, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { type Alert, type AlertQuery, useAlertHistory, useAlertRereads, useOpenAlerts } from '../data/alerts.ts';
import { dateTime } from '../format.ts';
import { useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { AlertJob, AlertTabs, Notifications, SubjectLink, When } from './alerts/AlertParts.tsx';
import { SilenceDialog } from './alerts/SilenceDialog.tsx';
import { ALERT_KINDS, isAlertKind, isSilenced, kindWords } from './alerts/words.ts';
import './alerts/alerts.css';

const HISTORY_PAGE_SIZE = 25;
const STATES = ['all', 'open', 'resolved'] as const;

/**
 * What is wrong now and what was: the open alerts first (what, about what, since when, who was
 * told and whether it reached them), then every alert opened and resolved, newest first.
 * Admins silence an open alert until a time, and end a silence.
 */
export default function Alerts() {
  const now = useNow(15_000);
  const open = useOpenAlerts();
  const canWrite = useCanWrite();
  const rereads = useAlertRereads();
  const sendOnce = useIntents();
  const [silencing, setSilencing] = useState<Alert | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const openAlerts = open.data?.alerts ?? [];

  const act = async (
    intent: string,
    work: (headers: { 'idempotency-key': string }) => Promise<Alert>,
    said: string,
  ) => {
    try {
      setError(null);
      const answer = await sendOnce(intent, work);
      if (answer === undefined) return false;
      setOutcome(said);
      await rereads.alerts();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };
  const silence = async (alert: Alert, until: Date) => {
    const done = await act(
      `silence:${alert.id}:${until.toISOString()}`,
      (headers) =>
        unwrap(
          api.POST('/api/alerts/{id}/silence', {
            params: { path: { id: alert.id } },
            body: { until: until.toISOString() },
            headers,
          }),
        ),
      `Silenced until ${dateTime(until.toISOString())}.`,
    );
    if (done) setSilencing(null);
    return done;
  };
  const unsilence = (alert: Alert) =>
    act(
      `unsilence:${alert.id}`,
      (headers) => unwrap(api.POST('/api/alerts/{id}/unsilence', { params: { path: { id: alert.id } }, headers })),
      'The silence ended: its next change is sent.',
    );

  return (
    <div className="alerts-page">
      <div className="alerts-head">
        <h1>Alerts</h1>
        <AlertTabs />
      </div>
      <Problem error={error ?? open.error} />
      <p className="outcome" role="status">
        {outcome}
      </p>

      <section aria-labelledby="open-alerts">
        <h2 id="open-alerts">Open now{open.data ? <span className="badge">{openAlerts.length}</span> : null}</h2>
        {open.data && openAlerts.length === 0 ? <p className="muted">No alert is open.</p> : null}
        <ul className="alert-cards">
          {openAlerts.map((alert) => {
            const silenced = isSilenced(alert, now);
            return (
              <li
                key={alert.id}
                className="card alert-card"
                data-alert-id={alert.id}
                data-kind={alert.kind}
                data-silenced={silenced ? 'true' : undefined}
              >
                <div className="alert-card-head">
                  <h3>
                    <span className="alert-mark" aria-hidden="true">
                      {silenced ? '◌' : '●'}
                    </span>{' '}
                    {kindWords(alert.kind)}: <SubjectLink subject={alert.subject} />
                  </h3>
                  {canWrite ? (
                    <div className="actions">
                      {silenced ? (
                        <button type="button" onClick={() => void unsilence(alert)}>
                          Unsilence
                        </button>
                      ) : (
                        <button type="button" onClick={() => setSilencing(alert)}>
                          Silence…
                        </button>
                      )}
                    </div>
                  ) : null}
                </div>
                <p>
                  {alert.summary} <AlertJob alert={alert} />
                </p>
                <p className="muted">
                  rule <span className="alert-rule">{alert.ruleName}</span> · open since{' '}
                  <When at={alert.openedAt} now={now} />
                  {silenced ? (
                    <>
                      {' '}
                      · <strong className="silenced">silenced</strong> until {dateTime(alert.silencedUntil)}
                      {alert.silencedBy ? ` by ${alert.silencedBy}` : ''}
                    </>
                  ) : null}
                </p>
                <Notifications alert={alert} />
              </li>
            );
          })}
        </ul>
        {open.data?.nextCursor ? (
          <p className="muted">More are open than shown here: the history lists them all.</p>
        ) : null}
      </section>

      <History now={now} />

      <SilenceDialog
        alert={silencing}
        onOpenChange={(isOpen) => (isOpen ? null : setSilencing(null))}
        onSilence={silence}
      />
    </div>
  );
}

/**
 * Every alert, newest first, with how it ended; filtered by state and kind and paged by cursor,
 * all in the URL (a reload or a shared link shows the same page).
 */
function History({ now }: { now: number }) {
  const [params, setParams] = useSearchParams();
  const state = (STATES as readonly string[]).includes(params.get('state') ?? '')
    ? (params.get('state') as AlertQuery['state'])
    : 'all';
  const kind = params.get('kind') ?? '';
  const knownKind = isAlertKind(kind) ? kind : undefined;
  const cursor = params.get('cursor') ?? undefined;
  // The cursors of the pages before this one, to go back ('' is the first page).
  const [trail, setTrail] = useState<string[]>([]);
  const query: AlertQuery = {
    state,
    limit: HISTORY_PAGE_SIZE,
    ...(knownKind ? { kind: knownKind } : {}),
    ...(cursor ? { cursor } : {}),
  };
  const history = useAlertHistory(query);
  const alerts = history.data?.alerts ?? [];
  const nextCursor = history.data?.nextCursor ?? null;
  const setFilter = (name: 'state' | 'kind', value: string) => {
    const next = new URLSearchParams(params);
    if (value && !(name === 'state' && value === 'all')) next.set(name, value);
    else next.delete(name);
    next.delete('cursor');
    setTrail([]);
    setParams(next, { replace: true });
  };
  const goTo = (to: string | undefined) => {
    const next = new URLSearchParams(params);
    if (to) next.set('cursor', to);
    else next.delete('cursor');
    setParams(next);
  };
  const back = trail.at(-1);

  return (
    <section aria-labelledby="alert-history">
      <h2 id="alert-history">History</h2>
      <form className="filters" aria-label="History filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          state
          <select value={state} onChange={(e) => setFilter('state', e.target.value)}>
            {STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          kind
          <select value={knownKind ?? ''} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">all</option>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindWords(k)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Problem error={history.error} />
      {history.data && alerts.length === 0 ? <p className="muted">No alert matches.</p> : null}
      {alerts.length > 0 ? (
        <table className="alert-history">
          <caption className="visually-hidden">Alerts opened and resolved, newest first</caption>
          <thead>
            <tr>
              <th scope="col">opened</th>
              <th scope="col">what</th>
              <th scope="col">state</th>
              <th scope="col">resolution</th>
              <th scope="col">notified</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.id} data-alert-id={alert.id} data-state={alert.state} data-kind={alert.kind}>
                <td>
                  <When at={alert.openedAt} now={now} />
                </td>
                <td>
                  <strong>{kindWords(alert.kind)}</strong>: <SubjectLink subject={alert.subject} />
                  <div className="muted">
                    {alert.summary} <AlertJob alert={alert} />
                  </div>
                </td>
                <td>
                  <span className={`alert-state alert-state-${alert.state}`}>
                    <span aria-hidden="true">{alert.state === 'open' ? '●' : '✓'}</span> {alert.state}
                  </span>
                  {isSilenced(alert, now) ? <span className="badge">silenced</span> : null}
                </td>
                <td>
                  {alert.resolvedAt ? (
                    <>
                      {alert.resolution ?? 'resolved'}{' '}
                      <span className="muted">
                        (<When at={alert.resolvedAt} now={now} />)
                      </span>
                    </>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td>
                  <NotifiedSummary alert={alert} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav className="pager" aria-label="History pages">
        <button
          type="button"
          disabled={!cursor}
          onClick={() => {
            goTo(back || undefined);
            setTrail((t) => t.slice(0, -1));
          }}
        >
          {cursor && back === undefined ? 'Newest' : 'Newer'}
        </button>
        <button
          type="button"
          disabled={!nextCursor}
          onClick={() => {
            if (!nextCursor) return;
            setTrail((t) => [...t, cursor ?? '']);
            goTo(nextCursor);
          }}
        >
          Older
        </button>
      </nav>
    </section>
  );
}

/** "ops ✓ opened ✓ resolved": each channel's notifications in a few characters, the details on hover. */
function NotifiedSummary({ alert }: { alert: Alert }) {
  if (alert.notifications.length === 0) return <span className="muted">nobody</span>;
  return (
    <ul className="notified">
      {alert.notifications.map((n) => (
        <li
          key={`${n.channelId}:${n.transition}`}
          data-channel={n.channelName}
          data-transition={n.transition}
          data-delivered={n.deliveredAt ? 'true' : 'false'}
        >
          {n.channelName}: {n.transition} <span aria-hidden="true">{n.deliveredAt ? '✓' : n.gaveUpAt ? '✗' : '…'}</span>
          <span className="visually-hidden">
            {n.deliveredAt ? ' delivered' : n.gaveUpAt ? ' not delivered: gave up' : ' not delivered yet'}
          </span>
        </li>
      ))}
    </ul>
  );
}
