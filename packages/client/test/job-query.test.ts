import { JOB_TAG_PATTERN, MAX_JOB_TAGS } from '@scheduler/db';
import { describe, expect, it } from 'vitest';
import {
  type JobQuery,
  jobQueryParams,
  MAX_TAGS,
  parseJobQuery,
  serializeJobQuery,
  TAG_PATTERN,
} from '../src/job-query.ts';

const parsed = (text: string): JobQuery => {
  const result = parseJobQuery(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.query;
};

describe('the job query language', () => {
  it('reads every key', () => {
    expect(
      parsed(
        'type:weekly_digest,crawl_pending status:failed payload.isoWeek:2026-W48 tag:backfill schedule:nightly ' +
          'id:3fa85f64 startedBy:u-1 from:2026-12-01 to:2026-12-05T10:00:00Z payload.options.mode:"full run" ' +
          'payload:{"dryRun": true, "a": {"b": "x y"}} "ECONNRESET"',
      ),
    ).toEqual({
      type: ['weekly_digest', 'crawl_pending'],
      status: ['failed'],
      payload: [
        { path: 'isoWeek', value: '2026-W48' },
        { path: 'options.mode', value: 'full run' },
      ],
      tag: ['backfill'],
      schedule: 'nightly',
      id: '3fa85f64',
      startedBy: 'u-1',
      from: '2026-12-01',
      to: '2026-12-05T10:00:00Z',
      contains: { dryRun: true, a: { b: 'x y' } },
      error: 'ECONNRESET',
    });
  });

  it('takes quoted and bare words, and error:, as one error text', () => {
    expect(parsed('connection "reset by" peer')).toEqual({ error: 'connection reset by peer' });
    expect(parsed('error:"a: b"')).toEqual({ error: 'a: b' });
    expect(parsed('"say \\"hi\\""')).toEqual({ error: 'say "hi"' });
  });

  it('adds repeated tags, types and statuses up, and a tag may hold a colon', () => {
    expect(parsed('tag:a tag:team:growth tag:a status:failed status:cancelled')).toEqual({
      tag: ['a', 'team:growth'],
      status: ['failed', 'cancelled'],
    });
  });

  it.each([
    ['statue:failed', /unknown key "statue"/],
    ['http://example.com', /unknown key "http"/],
    ['status:', /needs a value/],
    ['status:failed,', /empty item/],
    ['tag:Backfill', /must be 1 to 40 characters/],
    ['tag:a tag:b tag:c tag:d tag:e tag:f', /at most 5 tags/],
    ['"unclosed', /quote is not closed/],
    ['payload:{"a":1', /not closed/],
    ['payload:[1,2]', /must be a JSON object/],
    ['payload.a..b:1', /payload path/],
    ['from:yesterday', /must be a date/],
    ['id:zz', /start of a job id/],
    ['schedule:a schedule:b', /given twice/],
  ])('says what is wrong with %s, naming the term', (text, message) => {
    const result = parseJobQuery(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]?.message).toMatch(message);
      expect(text).toContain(result.problems[0]?.term.slice(0, 4));
    }
  });

  const queries: JobQuery[] = [
    {},
    { error: 'ECONNRESET' },
    { error: 'two words' },
    { error: 'has:colon' },
    { error: 'has "quotes" and \\ backslash' },
    { error: '{brace' },
    { type: ['a', 'b'], status: ['failed', 'pending'], tag: ['x', 'team:y'] },
    {
      payload: [
        { path: 'a.b', value: 'with space' },
        { path: 'n', value: '100' },
      ],
    },
    {
      payload: [
        { path: 'q', value: '"quoted"' },
        { path: 'e', value: '' },
        { path: 'brace', value: '{x' },
      ],
    },
    { contains: { a: [1, 'two'], nested: { deep: null } } },
    { schedule: 'nightly digest', startedBy: 'u-1', id: '3fa8-5f64', from: '2026-12-01', to: '2026-12-02' },
    {
      type: ['weekly_digest'],
      status: ['failed'],
      payload: [{ path: 'isoWeek', value: '2026-W48' }],
      tag: ['backfill'],
      schedule: 'nightly',
      id: '3fa85f64',
      error: 'ECONNRESET',
    },
  ];

  it.each(queries.map((q) => [serializeJobQuery(q), q]))(
    'round-trips %s (parse ∘ serialize is the identity)',
    (text, query) => {
      expect(parsed(text as string)).toEqual(query);
    },
  );

  it('writes any text it read back in one canonical form', () => {
    for (const text of [
      '  "ECONNRESET"   status:failed  type:a ',
      'tag:b ECONN reset tag:a',
      'payload.x:1 payload:{"a" : 1}',
    ]) {
      const once = serializeJobQuery(parsed(text));
      expect(serializeJobQuery(parsed(once))).toBe(once);
    }
  });

  it("gives GET /api/jobs's parameters", () => {
    expect(
      jobQueryParams(parsed('type:a,b status:failed tag:x tag:y payload.a.b:1 payload:{"c":2} id:3fa8 "boom"')),
    ).toEqual({
      type: 'a,b',
      status: 'failed',
      tag: ['x', 'y'],
      payload: ['a.b=1'],
      contains: '{"c":2}',
      idPrefix: '3fa8',
      error: 'boom',
    });
  });

  it('has the tag rules of packages/db', () => {
    expect(TAG_PATTERN.source).toBe(JOB_TAG_PATTERN.source);
    expect(MAX_TAGS).toBe(MAX_JOB_TAGS);
  });
});
