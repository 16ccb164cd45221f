import { messageOf } from '../api.ts';

/** An error as a person should see it: announced to screen readers, in words, in a box marked as an error. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="problem">
      {messageOf(error)}
    </p>
  );
}
