import { useState } from 'react';
import { ApiError, newIdempotencyKey } from './api.ts';

export type KeyHeader = { 'idempotency-key': string };

/** How often, and how far apart, a command whose key is still being answered is sent again. */
const IN_USE_RETRIES = 10;
const IN_USE_WAIT_MS = 500;

/**
 * Commands sent once per intent. An intent is named by what it does and to what, with what
 * (`retry:<id>:<payload>`): its Idempotency-Key is made when it is first sent and reused by every
 * send of the same intent, so a double click, or a press again after a lost answer, acts once
 * (the API answers the repeat with the first answer). A click while the intent is on its way is
 * ignored (undefined). Once the API has answered for good (a success or a refusal) the intent
 * is over, and the next press is a new one; after a fault or a lost answer the key is kept.
 */
export function createIntents() {
  const keys = new Map<string, string>();
  const sending = new Set<string>();

  return async function send<T>(intent: string, command: (headers: KeyHeader) => Promise<T>): Promise<T | undefined> {
    if (sending.has(intent)) return undefined;
    let key = keys.get(intent);
    if (!key) {
      key = newIdempotencyKey();
      keys.set(intent, key);
    }
    sending.add(intent);
    try {
      for (let tries = 0; ; tries++) {
        try {
          const answer = await command({ 'idempotency-key': key });
          keys.delete(intent);
          return answer;
        } catch (error) {
          // Another tab's send of this intent is still being answered: its answer is ours.
          const inUse = error instanceof ApiError && error.code === 'idempotency_key_in_use';
          if (inUse && tries < IN_USE_RETRIES) {
            await new Promise((resolve) => setTimeout(resolve, IN_USE_WAIT_MS));
            continue;
          }
          if (error instanceof ApiError && error.status < 500 && !inUse) keys.delete(intent);
          throw error;
        }
      }
    } finally {
      sending.delete(intent);
    }
  };
}

/** A page's intents, kept across renders. */
export function useIntents() {
  const [send] = useState(createIntents);
  return send;
}
