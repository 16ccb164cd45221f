import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, Redirect, Route, Router, Switch } from 'wouter';
import { ApiError, api, type Principal, unwrap } from './api.ts';
import { AlertsNavLink } from './components/AlertsNavLink.tsx';
import { FocusOnNavigate, NavLink, SkipLink } from './components/Navigation.tsx';
import { Problem } from './components/Problem.tsx';
import { LiveUpdates } from './live/LiveUpdates.tsx';
import { Jobs } from './pages/Jobs.tsx';
import { Overview } from './pages/Overview.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { SessionContext } from './session.tsx';

// Pages beyond the first screens load when opened: the first visit stays small.
const JobDetail = lazy(() => import('./pages/JobDetail.tsx'));
const Trigger = lazy(() => import('./pages/Trigger.tsx'));
const Schedules = lazy(() => import('./pages/Schedules.tsx'));
const ScheduleDetail = lazy(() => import('./pages/ScheduleDetail.tsx'));
const Audit = lazy(() => import('./pages/Audit.tsx'));
const Alerts = lazy(() => import('./pages/Alerts.tsx'));
const AlertSettings = lazy(() => import('./pages/AlertSettings.tsx'));
const Workers = lazy(() => import('./pages/Workers.tsx'));
const RetryWaits = lazy(() => import('./pages/RetryWaits.tsx'));
const Archive = lazy(() => import('./pages/Archive.tsx'));
const TypeHistory = lazy(() => import('./pages/TypeHistory.tsx'));
const BulkOperations = lazy(() => import('./pages/BulkOperations.tsx'));
const BulkOperation = lazy(() => import('./pages/BulkOperation.tsx'));

type SessionState =
  | { kind: 'loading' }
  | { kind: 'signed-out'; expired: boolean }
  | { kind: 'in'; principal: Principal };

export function App() {
  const [session, setSession] = useState<SessionState>({ kind: 'loading' });
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const me = await unwrap(api.GET('/api/session'));
      setSession({ kind: 'in', principal: me.principal });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        setSession({ kind: 'signed-out', expired: caught.message.includes('expired') });
      } else setError(caught);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const signOut = useCallback(async () => {
    await api.DELETE('/api/session');
    setSession({ kind: 'signed-out', expired: false });
  }, []);
  // For a cookie that may have leaked: ends every service-key session, this one included (a
  // Clerk session is Clerk's to end, so an admin signed in with Clerk stays in).
  const signOutEverywhere = useCallback(async () => {
    if (!window.confirm('End every dashboard session signed in with the service key, this one included?')) return;
    try {
      await unwrap(api.DELETE('/api/sessions'));
      await load();
    } catch (caught) {
      setError(caught);
    }
  }, [load]);

  if (error) return <Problem error={error} />;
  if (session.kind === 'loading') return <p className="loading">Loading…</p>;
  if (session.kind === 'signed-out') return <SignIn expired={session.expired} onSignedIn={load} />;
  const { principal } = session;
  return (
    <SessionContext.Provider value={{ principal, signOut }}>
      {/* The tab's one event stream, for every page. */}
      <LiveUpdates />
      <Router base="/dashboard">
        <SkipLink />
        <FocusOnNavigate />
        <header className="top">
          <Link href="/" className="brand">
            <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" className="brand-mark">
              <rect x="1" y="1" width="22" height="22" rx="6" />
              <circle cx="12" cy="12" r="6.5" fill="none" />
              <path d="M12 8.5V12l2.6 1.8" fill="none" />
            </svg>
            Scheduler
          </Link>
          <nav aria-label="Main">
            <NavLink href="/">Overview</NavLink>
            <NavLink href="/jobs">Jobs</NavLink>
            {principal.canWrite ? <NavLink href="/trigger">Trigger</NavLink> : null}
            <NavLink href="/schedules">Schedules</NavLink>
            <NavLink href="/workers">Workers</NavLink>
            <NavLink href="/bulk">Bulk</NavLink>
            <AlertsNavLink />
            {principal.canWrite ? <NavLink href="/audit">Audit</NavLink> : null}
            <span className="nav-external">
              <a href="/admin/queues">Bull Board</a>
              <a href="/docs">API docs</a>
            </span>
          </nav>
          <span className="who">
            <span className="who-name">
              {principal.kind === 'service'
                ? 'service key'
                : `${principal.clerkUserId} (${principal.role ?? 'no role'})`}
              {principal.canWrite ? '' : ' · read only'}
            </span>
            <button type="button" className="link" onClick={signOut}>
              Sign out
            </button>
            {principal.canWrite ? (
              <button type="button" className="link" onClick={signOutEverywhere}>
                End all sessions
              </button>
            ) : null}
          </span>
        </header>
        <main id="content" tabIndex={-1}>
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <Switch>
              <Route path="/" component={Overview} />
              <Route path="/jobs" component={Jobs} />
              <Route path="/jobs/retry-waits" component={RetryWaits} />
              <Route path="/jobs/archive" component={Archive} />
              <Route path="/jobs/:id">{(params) => <JobDetail key={params.id} id={params.id} />}</Route>
              <Route path="/trigger">{principal.canWrite ? <Trigger /> : <Redirect to="/" />}</Route>
              <Route path="/trigger/:type">
                {(params) => (principal.canWrite ? <Trigger type={params.type} /> : <Redirect to="/" />)}
              </Route>
              <Route path="/schedules" component={Schedules} />
              <Route path="/schedules/:name">
                {(params) => <ScheduleDetail key={params.name} name={params.name} />}
              </Route>
              <Route path="/types/:name/history">
                {(params) => <TypeHistory key={params.name} name={params.name} />}
              </Route>
              <Route path="/bulk" component={BulkOperations} />
              <Route path="/bulk/:id">{(params) => <BulkOperation key={params.id} id={params.id} />}</Route>
              <Route path="/audit" component={Audit} />
              <Route path="/workers" component={Workers} />
              <Route path="/alerts" component={Alerts} />
              <Route path="/alerts/settings" component={AlertSettings} />
              <Route>
                <p>
                  Nothing here. <Link href="/">Back to the overview</Link>
                </p>
              </Route>
            </Switch>
          </Suspense>
        </main>
      </Router>
    </SessionContext.Provider>
  );
}
