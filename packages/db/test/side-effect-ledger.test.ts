import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@scheduler/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSideEffectLedger, type Sql } from '../src/index.ts';

// The ledger's settlements (confirm, fail) leave in shared statements: what a run settles
// within a few milliseconds goes in one UPDATE, and each settlement still counts only for the
// run that holds its claim.
let db: TestDatabase;
let sql: Sql;
const statements: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // A pool of our own that notes every statement it sends.
  sql = postgres(db.url, {
    max: 4,
    onnotice: () => {},
    types: { bigint: postgres.BigInt },
    debug: (_connection, query) => statements.push(query),
  });
  // postgres.js learns the array types with a pool's first statement, and encodes an array
  // parameter of that very statement as plain text; a service's pool has long run others.
  await sql`SELECT 1`;
});
afterAll(async () => {
  await sql?.end({ timeout: 2 });
  await db?.drop();
});

const settleStatements = () => statements.filter((q) => /UPDATE side_effect_ledger l\s+SET status = v\.status/.test(q));
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the side-effect ledger', () => {
  it('settles what arrives over several ticks in one statement, each for the run holding its claim', async () => {
    const ledger = createSideEffectLedger(sql);
    const jobId = randomUUID();
    const keys = Array.from({ length: 60 }, (_, i) => `test:burst:${i}`);
    const claim = await ledger.claim(
      jobId,
      keys.map((key) => ({ key, kind: 'email:test' })),
    );
    expect(claim.claimed).toHaveLength(60);
    // Another run holds one more key: a confirmation for it from this run must not count.
    const elsewhere = 'test:burst:held-elsewhere';
    await ledger.claim(randomUUID(), [{ key: elsewhere, kind: 'email:test' }]);

    statements.length = 0;
    // Six groups of answers, each in its own macrotask, as a digest's sends come back.
    const settled: Array<Promise<boolean>> = [];
    for (let group = 0; group < 6; group++) {
      for (const key of keys.slice(group * 10, group * 10 + 10))
        settled.push(
          key.endsWith(':7') ? ledger.fail(jobId, key, 'refused') : ledger.confirm(jobId, key, `email-${key}`),
        );
      await nextMacrotask();
    }
    settled.push(ledger.confirm(jobId, elsewhere, 'email-elsewhere'));
    const results = await Promise.all(settled);

    expect(results.slice(0, 60).every(Boolean)).toBe(true);
    expect(results[60]).toBe(false);
    // Sent one at a time as they came, with two in flight, these were three statements or more.
    expect(settleStatements().length).toBeLessThanOrEqual(2);

    const rows = await sql`
      SELECT key, status, external_id, last_error FROM side_effect_ledger
      WHERE key LIKE 'test:burst:%' ORDER BY key`;
    const byKey = new Map(rows.map((r) => [r.key as string, r]));
    expect(byKey.get('test:burst:3')).toMatchObject({ status: 'done', external_id: 'email-test:burst:3' });
    expect(byKey.get('test:burst:7')).toMatchObject({ status: 'failed', last_error: 'refused' });
    expect(byKey.get(elsewhere)).toMatchObject({ status: 'claimed', external_id: null });
    expect(rows.filter((r) => r.status === 'done')).toHaveLength(59);
  });

  it('writes a lone confirmation without waiting for company that never comes', async () => {
    const ledger = createSideEffectLedger(sql);
    const jobId = randomUUID();
    await ledger.claim(jobId, [{ key: 'test:lone', kind: 'email:test' }]);
    const started = performance.now();
    expect(await ledger.confirm(jobId, 'test:lone', 'email-lone')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    const [row] = await sql`SELECT status FROM side_effect_ledger WHERE key = 'test:lone'`;
    expect(row?.status).toBe('done');
  });
});
