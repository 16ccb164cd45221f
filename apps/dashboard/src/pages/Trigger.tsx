import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, api, type JobType, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { defaultsOf, fieldErrors, type ObjectSchema, SchemaForm } from '../components/SchemaForm.tsx';
import { duration } from '../format.ts';
import { useIntents } from '../intents.ts';

const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;

/**
 * Start a job: one form per type, generated from its payload schema with the defaults filled
 * in. One press is one job: the intent is the form as it stands, with one Idempotency-Key, so
 * a double click (or a press again after a lost answer) triggers once.
 */
export default function Trigger({ type }: { type?: string }) {
  const [types, setTypes] = useState<JobType[]>([]);
  const [payload, setPayload] = useState<Record<string, unknown>>({});
  const [priority, setPriority] = useState<string>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [activeJobId, setActiveJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, navigate] = useLocation();

  useEffect(() => {
    void unwrap(api.GET('/api/job-types')).then((answer) => setTypes(answer.jobTypes), setError);
  }, []);
  const chosen = types.find((t) => t.name === type);
  useEffect(() => {
    if (!chosen) return;
    setPayload(defaultsOf(chosen.payloadSchema as ObjectSchema));
    setPriority('');
    setErrors({});
    setError(null);
    setActiveJobId(null);
  }, [chosen]);
  const sendOnce = useIntents();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const body = {
      jobType: chosen.name,
      payload,
      ...(priority ? { priority: priority as (typeof PRIORITIES)[number] } : {}),
    };
    try {
      // A second press while the first is on its way sends nothing (undefined).
      const job = await sendOnce(`trigger:${JSON.stringify(body)}`, async (headers) => {
        setBusy(true);
        setErrors({});
        setError(null);
        setActiveJobId(null);
        try {
          return await unwrap(api.POST('/api/jobs/trigger', { body, headers }));
        } finally {
          setBusy(false);
        }
      });
      if (job) navigate(`/jobs/${job.id}`);
    } catch (caught) {
      if (caught instanceof ApiError) {
        setErrors(fieldErrors(caught.body));
        if (typeof caught.body.activeJobId === 'string') setActiveJobId(caught.body.activeJobId);
      }
      setError(caught);
    }
  };

  if (!type) {
    return (
      <div>
        <h1>Trigger a job</h1>
        <Problem error={error} />
        <ul className="cards">
          {types.map((t) => (
            <li key={t.name} className="card">
              <Link href={`/trigger/${t.name}`}>{t.name}</Link>
              <p>{t.description}</p>
              <p className="muted">
                {t.implemented ? '' : 'not implemented yet · '}
                {t.duration ? `usually ${duration(t.duration.p50 * 1000)}` : 'no runs yet'}
                {t.defaults.exclusive ? ' · one at a time' : ''}
              </p>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (!chosen)
    return types.length ? <Problem error={new Error(`No job type ${type}`)} /> : <p className="loading">Loading…</p>;
  return (
    // noValidate: the API checks the payload and its messages are shown beside the fields.
    <form className="trigger" onSubmit={submit} aria-labelledby="trigger-title" noValidate>
      <h1 id="trigger-title">Trigger {chosen.name}</h1>
      <p>{chosen.description}</p>
      <SchemaForm schema={chosen.payloadSchema as ObjectSchema} value={payload} onChange={setPayload} errors={errors} />
      <div className="field">
        <label htmlFor="priority">priority</label>
        <select id="priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
          <option value="">the type's default ({chosen.defaults.priority})</option>
          {PRIORITIES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </div>
      <Problem error={error} />
      {activeJobId ? (
        <p>
          <Link href={`/jobs/${activeJobId}`}>See the {chosen.name} job that is running</Link>
        </p>
      ) : null}
      <button type="submit" disabled={busy || !chosen.implemented}>
        {payload.dryRun ? 'Dry run' : 'Trigger'}
      </button>
    </form>
  );
}
