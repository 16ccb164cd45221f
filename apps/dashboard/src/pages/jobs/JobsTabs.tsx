import { NavLink } from '../../components/Navigation.tsx';
import './jobs-views.css';

/** The views of jobs, as tabs under the Jobs heading: every job, those waiting to retry, the archive. */
export function JobsTabs() {
  return (
    <nav aria-label="Job views" className="tabs page-tabs">
      <NavLink href="/jobs" exact>
        All jobs
      </NavLink>
      <NavLink href="/jobs/retry-waits">Retry waits</NavLink>
      <NavLink href="/jobs/archive">Archive</NavLink>
    </nav>
  );
}
