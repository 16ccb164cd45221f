import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Generated bodies, query strings and path parameters thrown at every route of the OpenAPI
// document: no answer is a 5xx, and a 4xx changes no job, schedule or idempotency key (the audit
// row a refused mutating call leaves is the one write expected).
let h: ApiHarness;
let routes: { method: string; path: string }[];
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createApiHarness();
  const doc = (await h.app.inject({ method: 'GET', url: '/docs/json', headers: auth })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
});
afterAll(async () => {
  await h?.close();
});

// Names the routes use, so generated bodies often get past the first check and reach deeper.
const FIELDS = [
  'jobType',
  'payload',
  'priority',
  'cron',
  'everyMs',
  'timezone',
  'enabled',
  'description',
  'sleepMs',
  'failTimes',
  'batchSize',
  'dryRun',
];
const JOB_TYPES = ['test_noop', 'test_script', 'crawl_pending', 'update_metrics', 'weekly_digest', 'nope'];
// What broke the API before: text Postgres cannot store, numbers past every type, odd shapes.
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff x', '9223372036854775808', '-1', '1e400', '', ' '),
  fc.constantFrom('*/5 * * * * *', 'every monday', '0 9 * * 1', 'Europe/Berlin', 'europe/berlin', 'Mars/Base'),
  fc.constantFrom(...JOB_TYPES),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 999, 1000, 9007199254740991, 31622400001, 1e308, -0),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), hostileString), tie('any'), { maxKeys: 6 }),
})).any;
// Mostly valid bodies with one odd value, so calls get past the schema to the store.
const nearlyValid = <T>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: odd });
const body = fc.oneof(
  value,
  fc.record({ jobType: fc.constantFrom(...JOB_TYPES), payload: value }, { requiredKeys: [] }),
  fc.record({
    jobType: nearlyValid(fc.constantFrom('test_noop', 'test_script'), hostileString),
    payload: nearlyValid(fc.record({ sleepMs: fc.constant(0) }, { requiredKeys: [] }), value),
    priority: nearlyValid(fc.constantFrom('HIGH', 'MEDIUM', 'LOW'), hostileString),
  }),
  fc.record(
    {
      jobType: nearlyValid(fc.constant('test_noop'), hostileString),
      everyMs: nearlyValid(fc.constantFrom(60_000, 3_600_000), hostileNumber),
      cron: nearlyValid(fc.constantFrom('0 9 * * 1', '*/15 * * * *'), hostileString),
      timezone: nearlyValid(fc.constantFrom('UTC', 'Europe/Paris'), hostileString),
      enabled: fc.boolean(),
      description: nearlyValid(fc.string({ maxLength: 20 }), hostileString),
      payload: nearlyValid(fc.constant({}), value),
    },
    { requiredKeys: [] },
  ),
);
const QUERY_KEYS = ['type', 'status', 'from', 'to', 'cursor', 'limit', 'after', 'count', 'action', 'lastEventId', 'q'];
const query = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string()), hostileString, { maxKeys: 4 });
// A path parameter: something odd, a random id, or (resolved when the call is made) a job or
// schedule the run created earlier, so cancel, retry and edits meet real rows.
const pathParam = fc.oneof(
  hostileString,
  fc.uuid(),
  fc.constantFrom('fz-a', 'fz-b', 'update-metrics'),
  fc.nat().map((n) => ({ known: n })),
);
const createdJobs: string[] = [];

// What a client sends for text with a lone surrogate: its WTF-8 bytes, invalid UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const encode = (text: string) => text.split(LONE_SURROGATE).map(encodeURIComponent).join('%ED%A0%80');

async function fingerprint() {
  const [row] = await h.db.sql`
    SELECT (SELECT count(*) FROM scheduled_jobs)::int AS jobs,
           (SELECT max(updated_at) FROM scheduled_jobs) AS jobs_changed,
           (SELECT md5(coalesce(string_agg(s::text, ',' ORDER BY name), '')) FROM schedules s) AS schedules,
           (SELECT count(*) FROM idempotency_keys)::int AS keys`;
  return JSON.stringify(row);
}

describe('input fuzz over every route', () => {
  it('never answers 5xx, and a 4xx writes nothing', async () => {
    expect(routes.length).toBeGreaterThan(10);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        body,
        query,
        pathParam,
        fc.boolean(),
        async (pick, generatedBody, generatedQuery, generatedParam, sendBody) => {
          const route = routes[pick % routes.length] as { method: string; path: string };
          const param =
            typeof generatedParam === 'string'
              ? generatedParam
              : (createdJobs[generatedParam.known % Math.max(1, createdJobs.length)] ?? 'fz-a');
          // Event streams never end; their inputs are covered by the hostile-input tests.
          if (route.path.includes('/events')) return;
          const url = `${route.path.replace(/\{[^}]+\}/g, () => encode(param))}?${Object.entries(generatedQuery)
            .map(([k, v]) => `${encode(k)}=${encode(v)}`)
            .join('&')}`;
          const before = await fingerprint();
          const res = await h.app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...auth, ...(sendBody ? { 'content-type': 'application/json' } : {}) },
            ...(sendBody && route.method !== 'GET' ? { payload: JSON.stringify(generatedBody) } : {}),
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode === 202) createdJobs.push(res.json().id);
          expect(res.statusCode, `${route.method} ${url} → ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json(), `${route.method} ${url}`).toMatchObject({ error: expect.any(String) });
            expect(await fingerprint(), `${route.method} ${url} answered ${res.statusCode} but wrote`).toBe(before);
          }
        },
      ),
      { numRuns: 4000 },
    );
    // The run reached past the first checks: some calls succeeded, many were refused.
    expect(statuses.get(202)).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  }, 240_000);
});
