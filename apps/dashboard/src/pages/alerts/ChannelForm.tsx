import { type FormEvent, useState } from 'react';
import { Problem } from '../../components/Problem.tsx';

export type ChannelBody =
  | { kind: 'webhook'; name: string; url: string; isDefault: boolean }
  | { kind: 'email'; name: string; email: string; isDefault: boolean };

/** A new channel's fields: a name, where it goes (a URL or an address), and whether it is a default. */
export function ChannelForm({
  kind,
  defaultAtFirst,
  onSubmit,
}: {
  kind: 'webhook' | 'email';
  /** Whether "a default channel" starts ticked: when no channel is a default yet. */
  defaultAtFirst: boolean;
  onSubmit(body: ChannelBody): Promise<void>;
}) {
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [isDefault, setIsDefault] = useState(defaultAtFirst);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const where = target.trim();
    if (!name.trim()) return setProblem('A name, to tell it apart in the rules');
    if (kind === 'webhook' && !/^https?:\/\/\S+$/i.test(where)) return setProblem('A URL starting with https://');
    if (kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(where)) return setProblem('An email address');
    setProblem(null);
    try {
      setError(null);
      const common = { name: name.trim(), isDefault };
      await onSubmit(kind === 'webhook' ? { kind, url: where, ...common } : { kind, email: where, ...common });
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form
      className="channel-form"
      onSubmit={submit}
      aria-label={kind === 'webhook' ? 'New webhook' : 'New email channel'}
      noValidate
    >
      <div className="field">
        <label htmlFor="channel-name">name</label>
        <input
          id="channel-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={kind === 'webhook' ? 'on-call' : 'ops team'}
        />
      </div>
      <div className="field">
        <label htmlFor="channel-target">{kind === 'webhook' ? 'URL' : 'email address'}</label>
        <input
          id="channel-target"
          type={kind === 'webhook' ? 'url' : 'email'}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          placeholder={kind === 'webhook' ? 'https://hooks.example.com/scheduler' : 'ops@example.com'}
          aria-describedby="channel-target-help"
        />
        <small id="channel-target-help">
          {kind === 'webhook'
            ? 'Receives a signed JSON POST when an alert opens or resolves.'
            : 'Receives an email when an alert opens or resolves.'}
        </small>
      </div>
      <label className="inline">
        <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> a default channel
        (rules that name no channel send here)
      </label>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <Problem error={error} />
      <div className="actions">
        <button type="submit">{kind === 'webhook' ? 'Add the webhook' : 'Add the email channel'}</button>
      </div>
    </form>
  );
}
