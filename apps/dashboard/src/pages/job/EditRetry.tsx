import { useState } from 'react';
import { messageOf } from '../../api.ts';
import { Problem } from '../../components/Problem.tsx';

/** A retry with another payload: the original keeps its own, the retry runs with this one. */
export function EditRetry({
  initial,
  onRetry,
  onDiscard,
}: {
  initial: unknown;
  onRetry(payload: Record<string, unknown>): void;
  onDiscard(): void;
}) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const send = () => {
    try {
      setProblem(null);
      onRetry(JSON.parse(text) as Record<string, unknown>);
    } catch (caught) {
      setProblem(`The payload is not JSON: ${messageOf(caught)}`);
    }
  };
  return (
    <section aria-labelledby="edit-payload">
      <h2 id="edit-payload">Retry with this payload</h2>
      <p className="muted">The original keeps its own payload; the retry runs with this one.</p>
      <label htmlFor="payload-editor">payload (JSON)</label>
      <textarea id="payload-editor" rows={8} value={text} onChange={(e) => setText(e.target.value)} />
      <Problem error={problem} />
      <div className="actions">
        <button type="button" onClick={send}>
          Retry with this payload
        </button>
        <button type="button" className="link" onClick={onDiscard}>
          Discard
        </button>
      </div>
    </section>
  );
}
