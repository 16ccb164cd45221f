import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CENSOR, createRedactingLogger, redactCredentials } from '../src/redact-credentials.ts';

/** A logger at info writing its JSON lines into `lines`. */
function capture(secrets: string[] = []) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createRedactingLogger({ name: 'test', level: 'info' }, stream, secrets), lines };
}

describe('credentials in log lines', () => {
  it('are replaced wherever a line carries them: at its top, one object down, in headers', () => {
    const { log, lines } = capture();
    log.info(
      {
        password: 'p0',
        login: { user: 'ann', password: 'p1' },
        config: { serviceKey: 'k1', port: 7000 },
        channel: { name: 'ops', secret: 's1' },
        req: {
          method: 'POST',
          headers: {
            authorization: 'Bearer t1',
            cookie: 'session=c1',
            'x-service-token': 'x1',
            'content-type': 'application/json',
          },
        },
        delivery: { headers: { 'x-scheduler-signature': 'sig1', 'user-agent': 'scheduler' } },
      },
      'a line full of secrets',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0];
    const text = JSON.stringify(line);
    for (const secret of ['p0', 'p1', 'k1', 's1', 'Bearer t1', 'session=c1', 'x1', 'sig1']) {
      expect(text).not.toContain(`"${secret}"`);
    }
    expect(line).toMatchObject({
      msg: 'a line full of secrets',
      password: CENSOR,
      login: { user: 'ann', password: CENSOR },
      config: { serviceKey: CENSOR, port: 7000 },
      channel: { name: 'ops', secret: CENSOR },
      req: {
        method: 'POST',
        headers: {
          authorization: CENSOR,
          cookie: CENSOR,
          'x-service-token': CENSOR,
          'content-type': 'application/json',
        },
      },
      delivery: { headers: { 'x-scheduler-signature': CENSOR, 'user-agent': 'scheduler' } },
    });
  });

  it('leave an error an error: its message, stack and type stay, its credentials do not', () => {
    const { log, lines } = capture();
    const error = Object.assign(new TypeError('the webhook refused the call'), { secret: 's2', status: 401 });
    log.error({ err: error }, 'delivery failed');
    log.error(error, 'delivery failed again');
    for (const line of lines) {
      expect(line.err).toMatchObject({
        type: 'TypeError',
        message: 'the webhook refused the call',
        secret: CENSOR,
        status: 401,
      });
      expect((line.err as { stack: string }).stack).toContain('TypeError: the webhook refused the call');
    }
    expect(lines).toHaveLength(2);
  });

  it("are replaced in a child logger's bindings, and in its children's", () => {
    const { log, lines } = capture();
    const child = log.child({ jobId: 'j1', channel: { secret: 's3' } });
    child.info('from the child');
    child.child({ password: 'p3' }).info({ attempt: 2 }, 'from the grandchild');
    expect(JSON.stringify(lines)).not.toMatch(/"s3"|"p3"/);
    expect(lines[0]).toMatchObject({ jobId: 'j1', channel: { secret: CENSOR }, msg: 'from the child' });
    expect(lines[1]).toMatchObject({ jobId: 'j1', password: CENSOR, attempt: 2, msg: 'from the grandchild' });
  });

  it("are replaced in a line's own headers, and whatever the case of a header's name", () => {
    const { log, lines } = capture();
    log.info({ headers: { Authorization: 'Bearer t6', Accept: '*/*' } }, 'top-level headers');
    log.info({ request: { headers: { 'X-Service-Token': 'x6', COOKIE: 'c6' } } }, 'headers in capitals');
    expect(JSON.stringify(lines)).not.toMatch(/"Bearer t6"|"x6"|"c6"/);
    expect(lines[0]).toMatchObject({ headers: { Authorization: CENSOR, Accept: '*/*' } });
    expect(lines[1]).toMatchObject({ request: { headers: { 'X-Service-Token': CENSOR, COOKIE: CENSOR } } });
  });

  it("never show the process's own secrets, even inside a message or an error's text", () => {
    const key = 'service-key-0123456789abcdef';
    const { log, lines } = capture([key, 'short', 'quote"d-secret\\value']);
    // Another service's error answer that repeats the headers it was sent.
    const echoed = `email-service: answered 400: {"x-service-token": "${key}"}`;
    log.warn({ error: echoed, jobId: 'j7' }, `sending failed: ${echoed}`);
    log.error(new Error(`refused ${key}`), 'quote"d-secret\\value in a message');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(key);
    expect(text).not.toContain('secret\\\\value');
    expect(lines[0]).toMatchObject({
      jobId: 'j7',
      error: `email-service: answered 400: {"x-service-token": "${CENSOR}"}`,
    });
    expect(lines[1]).toMatchObject({ err: { message: `refused ${CENSOR}` }, msg: `${CENSOR} in a message` });
  });

  it("never change the caller's objects", () => {
    const { log } = capture();
    const headers = { authorization: 'Bearer t4' };
    const fields = { req: { headers }, login: { password: 'p4' } };
    log.info(fields, 'line');
    expect(fields).toEqual({ req: { headers: { authorization: 'Bearer t4' } }, login: { password: 'p4' } });
    expect(fields.req.headers).toBe(headers);
  });

  it('pass a line without any through as it is, with nothing copied', () => {
    const fields = { jobId: 'j5', jobType: 'crawl_source', attempt: 1, req: { headers: { accept: '*/*' } } };
    expect(redactCredentials(fields)).toBe(fields);
    const { log, lines } = capture();
    log.info(fields, 'plain');
    expect(lines[0]).toMatchObject(fields);
  });
});
