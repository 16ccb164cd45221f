import type { Priority } from '@scheduler/client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { $api, ApiError, api, type JobType, unwrap } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { JobInputs } from '../components/JobInputs.tsx';
import { Problem } from '../components/Problem.tsx';
import { defaultsOf, fieldErrors, type ObjectSchema } from '../components/SchemaForm.tsx';
import { duration } from '../format.ts';
import { useIntents } from '../intents.ts';
import { retentionWords } from './jobs/retention-words.ts';

const users = (count: number) => `${count} ${count === 1 ? 'user' : 'users'}`;

/**
 * Start a job: one form per type, generated from its payload schema with the defaults filled
 * in. One press is one job: the intent is the form as it stands, with one Idempotency-Key, so
 * a double click (or a press again after a lost answer) triggers once. A real run of a type
 * that emails people asks first, saying how many.
 */
export default function Trigger({ type }: { type?: string }) {
  const catalogue = $api.useQuery('get', '/api/job-types');
  const types = catalogue.data?.jobTypes ?? [];
  if (!type) {
    return (
      <div>
        <h1>Trigger a job</h1>
        <Problem error={catalogue.error} />
        <ul className="cards">
          {types.map((t) => (
            <li key={t.name} className="card">
              <Link href={`/trigger/${t.name}`}>{t.name}</Link>
              <p>{t.description}</p>
              <p className="muted">
                {t.implemented ? '' : 'not implemented yet · '}
                {t.duration ? `usually ${duration(t.duration.p50 * 1000)}` : 'no runs yet'}
                {t.defaults.exclusive ? ' · one at a time' : ''}
                {` · kept ${retentionWords(t.retention)}`}
              </p>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const chosen = types.find((t) => t.name === type);
  if (!chosen) {
    if (catalogue.error) return <Problem error={catalogue.error} />;
    return catalogue.isPending ? (
      <p className="loading">Loading…</p>
    ) : (
      <Problem error={new Error(`No job type ${type}`)} />
    );
  }
  return <TriggerForm key={chosen.name} chosen={chosen} />;
}

function TriggerForm({ chosen }: { chosen: JobType }) {
  const [payload, setPayload] = useState<Record<string, unknown>>(() =>
    defaultsOf(chosen.payloadSchema as ObjectSchema),
  );
  const [priority, setPriority] = useState<Priority | ''>('');
  // Tags as typed, separated by spaces or commas; the API checks them.
  const [tagText, setTagText] = useState('');
  const tags = tagText.split(/[\s,]+/).filter(Boolean);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [activeJobId, setActiveJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const audience = $api.useQuery(
    'get',
    '/api/job-types/{name}/audience',
    { params: { path: { name: chosen.name } } },
    { staleTime: 0 },
  );
  const emails = audience.data?.sendsEmail === true && payload.dryRun !== true;
  // A new form (another payload or priority) is a new question: the last answer is no longer about it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when what would be sent changes
  useEffect(() => {
    setActiveJobId(null);
  }, [payload, priority, tagText]);
  const sendOnce = useIntents();

  const send = async () => {
    const body = {
      jobType: chosen.name,
      payload,
      ...(priority ? { priority } : {}),
      ...(tags.length > 0 ? { tags } : {}),
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
      if (!job) return;
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/jobs'] });
      navigate(`/jobs/${job.id}`);
    } catch (caught) {
      if (caught instanceof ApiError) {
        setErrors(fieldErrors(caught.body));
        if (typeof caught.body.activeJobId === 'string') setActiveJobId(caught.body.activeJobId);
      }
      setError(caught);
    }
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!emails) {
      void send();
      return;
    }
    // The count is read again as the question is asked: people opt in and out.
    void audience.refetch();
    setConfirming(true);
  };

  const recipients = audience.data?.recipients;
  // Nobody opted in: a real run still runs (and is recorded), it just emails no one.
  const nobody = recipients === 0;
  return (
    // noValidate: the API checks the payload and its messages are shown beside the fields.
    <form className="trigger" onSubmit={submit} aria-labelledby="trigger-title" noValidate>
      <h1 id="trigger-title">Trigger {chosen.name}</h1>
      <p>{chosen.description}</p>
      <JobInputs
        type={chosen}
        payload={payload}
        onPayloadChange={setPayload}
        priority={priority}
        onPriorityChange={setPriority}
        errors={errors}
      />
      <div className="field">
        <label htmlFor="trigger-tags">tags</label>
        <input
          id="trigger-tags"
          value={tagText}
          spellCheck={false}
          placeholder="backfill team:growth"
          aria-describedby="trigger-tags-help"
          onChange={(e) => setTagText(e.target.value)}
        />
        <small id="trigger-tags-help" className="muted">
          Up to 5, separated by spaces: lower-case letters, digits, _ . : - (to find the job by, e.g. tag:backfill)
        </small>
      </div>
      <Problem error={error} />
      {activeJobId ? (
        <p>
          <Link href={`/jobs/${activeJobId}`}>See the {chosen.name} job that is running</Link>
        </p>
      ) : null}
      {emails ? (
        <p className="muted">
          {nobody ? (
            'No user would be emailed now: nobody has opted in.'
          ) : (
            <>
              A real run sends email
              {typeof recipients === 'number' ? ` to ${users(recipients)}` : ''}; tick dry run to see what it would do
              without sending.
            </>
          )}
        </p>
      ) : null}
      <button type="submit" disabled={busy || !chosen.implemented}>
        {payload.dryRun ? 'Dry run' : 'Trigger'}
      </button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={nobody ? `Run ${chosen.name} for real?` : `Send ${chosen.name} for real?`}
        confirmLabel={
          nobody ? 'Run it anyway' : typeof recipients === 'number' ? `Email ${users(recipients)}` : 'Send the emails'
        }
        onConfirm={() => void send()}
      >
        <p>
          {nobody
            ? 'No user would be emailed: nobody has opted in. A dry run shows the same without sending anything.'
            : `${typeof recipients === 'number' ? `This emails ${users(recipients)} now.` : 'This emails the users it concerns now.'} Each is emailed once, even if the run is retried; a dry run sends nothing.`}
        </p>
      </ConfirmDialog>
    </form>
  );
}
