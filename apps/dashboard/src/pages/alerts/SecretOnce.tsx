import { useState } from 'react';

const VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

/** Whether a delivery came from the scheduler: its header, and the body exactly as received. */
function verify(secret, signatureHeader, rawBody, nowSeconds = Date.now() / 1000) {
  const { t, v1 } = Object.fromEntries(signatureHeader.split(',').map((part) => part.split('=')));
  const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex');
  const fresh = Math.abs(nowSeconds - Number(t)) <= 300; // refuse replays older than 5 minutes
  return fresh && v1?.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}`;

/**
 * A new webhook's signing secret, shown this once (the API never returns it again), with a copy
 * button and how a receiver checks the signature with it.
 */
export function SecretOnce({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied.');
    } catch {
      // No clipboard (an insecure origin, or refused): the field is selected for a manual copy.
      (document.getElementById('webhook-secret') as HTMLInputElement | null)?.select();
      setCopied('Selected: copy it with your keyboard.');
    }
  };
  return (
    <div className="secret-once">
      <p>
        <strong>{name}</strong> was added. Its signing secret is shown <strong>only now</strong>: keep it where the
        receiver can read it.
      </p>
      <div className="field">
        <label htmlFor="webhook-secret">signing secret</label>
        <div className="secret-row">
          <input
            id="webhook-secret"
            className="mono"
            readOnly
            value={secret}
            onFocus={(e) => e.target.select()}
            data-secret
          />
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
        </div>
        <p className="muted" role="status">
          {copied}
        </p>
      </div>
      <h3>Verifying a delivery</h3>
      <p>
        Each delivery is a JSON POST with the header{' '}
        <code>X-Scheduler-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>. <code>v1</code> is the HMAC-SHA256 of{' '}
        <code>t</code>, a dot and the raw body, keyed with this secret. Compare it in constant time, refuse an old{' '}
        <code>t</code>, and use <code>X-Scheduler-Delivery</code> to drop repeats (a delivery is retried until it is
        answered with a 2xx).
      </p>
      <pre>
        <code>{VERIFY_SNIPPET}</code>
      </pre>
    </div>
  );
}
