import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmailStandIn } from '../src/email.ts';

const standIn = buildEmailStandIn();
const userId = '7d4f7a43-62a4-4b61-9d4b-3f4b0a8f4c11';
const approved = {
  userId,
  emailType: 'submission-approved',
  recipientEmail: 'ada@example.com',
  templateData: { submissionUrl: 'https://example.com/a', submissionTitle: 'A' },
};
const send = (payload: unknown, headers: Record<string, string> = {}) =>
  standIn.app.inject({ method: 'POST', url: '/api/send', payload: payload as object, headers });

beforeAll(() => standIn.app.ready());
afterAll(() => standIn.app.close());

describe('email stand-in POST /api/send', () => {
  it('accepts a valid email with 201 { success, emailId, message } and records it with its headers', async () => {
    const res = await send(approved, { 'idempotency-key': 'k-1', 'x-scheduler-job-id': 'job-1' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ success: true, emailId: expect.any(String), message: expect.any(String) });
    const listed = await standIn.app.inject({ method: 'GET', url: `/__stand-in/emails?userId=${userId}` });
    expect(listed.json().emails).toEqual([
      expect.objectContaining({ ...approved, idempotencyKey: 'k-1', schedulerJobId: 'job-1' }),
    ]);
  });

  it('answers a repeated Idempotency-Key with the first emailId and sends nothing more', async () => {
    const first = await send(approved, { 'idempotency-key': 'k-2' });
    const again = await send(approved, { 'idempotency-key': 'k-2' });
    expect(again.statusCode).toBe(201);
    expect(again.json().emailId).toBe(first.json().emailId);
    expect(standIn.sent.filter((e) => e.idempotencyKey === 'k-2')).toHaveLength(1);
  });

  it.each([
    ['a missing userId', { ...approved, userId: undefined }],
    ['a userId that is not a uuid', { ...approved, userId: 'u1' }],
    ['an unknown email type', { ...approved, emailType: 'newsletter' }],
    ['a bad address', { ...approved, recipientEmail: 'nope' }],
    ['template data that does not fit the type', { ...approved, templateData: { submissionTitle: 'A' } }],
    ['weekly-trending without discoveries', { ...approved, emailType: 'weekly-trending', templateData: {} }],
  ])('refuses %s with 400 { success: false, error, details }', async (_name, body) => {
    const before = standIn.sent.length;
    const res = await send(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, error: expect.any(String), details: expect.anything() });
    expect(standIn.sent.length).toBe(before);
  });

  it('fails the next N requests with 503 when told to, then recovers', async () => {
    standIn.behaviour.failNextRequests = 2;
    expect((await send(approved)).statusCode).toBe(503);
    expect((await send(approved)).statusCode).toBe(503);
    expect((await send(approved)).statusCode).toBe(201);
  });
});
