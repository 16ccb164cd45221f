import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRuntime } from '../src/index.ts';

let h: Harness;
let worker: WorkerRuntime;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createHarness();
  worker = await h.startWorker();
  // Known runs: 3 completed, 1 failed after 2 retries, 1 cancelled, and one scheduled success.
  for (let i = 0; i < 3; i++) await h.waitForStatus(await h.trigger('test_noop'), 'completed');
  await h.waitForStatus(await h.trigger('test_script', { failTimes: 5 }), 'failed', 15_000);
  const long = await h.trigger('test_script', { sleepMs: 20_000 });
  await h.waitForStatus(long, 'running');
  await h.api.inject({ method: 'POST', url: `/api/jobs/${long}/cancel`, headers: auth });
  await h.waitForStatus(long, 'cancelled');
  await h.api.inject({
    method: 'PUT',
    url: '/api/schedules/noop-fast',
    headers: auth,
    payload: { jobType: 'test_noop', everyMs: 1000 },
  });
  await waitFor('a scheduled run to complete', async () => {
    const [row] = await h.sql`SELECT 1 FROM scheduled_jobs WHERE schedule_name = 'noop-fast' AND status = 'completed'`;
    return row;
  });
  await h.api.inject({ method: 'PUT', url: '/api/schedules/noop-fast', headers: auth, payload: { enabled: false } });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** The value of one series in Prometheus' text format, or undefined. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
};

describe('/metrics', () => {
  it("counts each worker's job outcomes, retries and durations on its internal port", async () => {
    const text = await (await fetch(`http://127.0.0.1:${worker.healthPort}/metrics`)).text();
    expect(sample(text, 'scheduler_jobs_finished_total{type="test_noop",status="completed"}')).toBeGreaterThanOrEqual(
      3,
    );
    expect(sample(text, 'scheduler_jobs_finished_total{type="test_script",status="failed"}')).toBe(1);
    expect(sample(text, 'scheduler_jobs_finished_total{type="test_script",status="cancelled"}')).toBe(1);
    expect(sample(text, 'scheduler_job_retries_total{type="test_script"}')).toBe(2);
    expect(sample(text, 'scheduler_job_duration_seconds_count{type="test_script",status="cancelled"}')).toBe(1);
    expect(sample(text, 'scheduler_job_duration_seconds_bucket{le="+Inf",type="test_script",status="failed"}')).toBe(1);
    expect(text).toContain('# TYPE scheduler_stalled_jobs_recovered_total counter');
    expect(text).toMatch(/^scheduler_worker_process_cpu_user_seconds_total \d/m);
  });

  it('serves queue depth, HTTP requests and last success per schedule from the API, behind authentication', async () => {
    expect((await h.api.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const res = await h.api.inject({ method: 'GET', url: '/metrics', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    // Jobs kept in Redis after they finish: the failed one and the cancelled one.
    expect(sample(text, 'scheduler_queue_jobs{queue="test_script",state="failed"}')).toBe(2);
    expect(sample(text, 'scheduler_queue_jobs{queue="test_script",state="active"}')).toBe(0);
    expect(sample(text, 'scheduler_queue_jobs{queue="test_noop",state="completed"}')).toBeGreaterThanOrEqual(4);
    expect(
      sample(text, 'scheduler_http_requests_total{method="POST",route="/api/jobs/trigger",status_code="202"}'),
    ).toBe(5);
    expect(
      sample(text, 'scheduler_http_requests_total{method="POST",route="/api/jobs/:jobId/cancel",status_code="202"}'),
    ).toBe(1);
    const [last] = await h.sql`
      SELECT extract(epoch FROM completed_at)::float AS at FROM scheduled_jobs
      WHERE schedule_name = 'noop-fast' AND status = 'completed' ORDER BY created_at DESC LIMIT 1`;
    expect(sample(text, 'scheduler_schedule_last_success_timestamp_seconds{schedule="noop-fast"}')).toBeCloseTo(
      last?.at as number,
      3,
    );
    expect(text).toMatch(/^scheduler_api_process_resident_memory_bytes \d/m);
  });
});
