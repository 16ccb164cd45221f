import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClerkSigner, waitFor } from '@scheduler/testing';
import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

/**
 * The Workers page in Chromium against the real API and two worker processes with jobs flowing:
 * both listed with what their heartbeats carry, the list read again every few seconds with one
 * request, and a drain asked for, confirmed and seen.
 */
const clerk = await createClerkSigner();
let d: Dashboard;
let page: Page;
let flow: NodeJS.Timeout | undefined;
const ids: string[] = [];

beforeAll(async () => {
  d = await openDashboard(undefined, {
    worker: false,
    env: { WORKER_HEARTBEAT_MS: '500', CLERK_JWT_KEY: clerk.publicKeyPem, CLERK_ISSUER: clerk.issuer },
  });
  page = d.page;
  for (const child of [await d.h.spawnWorker(), await d.h.spawnWorker()]) ids.push(`${hostname()}:${child.pid}`);
  // Jobs keep coming: a few seconds each, so both workers have busy slots while the page is open.
  flow = setInterval(() => void d.h.trigger('test_script', { sleepMs: 2500 }).catch(() => {}), 400);
}, 90_000);
afterAll(async () => {
  clearInterval(flow);
  await d?.close();
});

const row = (workerId: string) => page.locator(`tr[data-worker-id="${workerId}"]`);

describe('the Workers page', () => {
  it('lists both workers with their heartbeats, read again every few seconds with one request', async () => {
    await page.getByRole('link', { name: 'Workers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Workers' }).waitFor();
    for (const id of ids) await row(id).and(page.locator('[data-state="running"]')).waitFor();
    // Busy slots while jobs run.
    await expect
      .poll(async () => Promise.all(ids.map(async (id) => row(id).locator('td.num').first().textContent())), {
        timeout: 15_000,
      })
      .toEqual([expect.not.stringMatching(/^0 /), expect.not.stringMatching(/^0 /)]);
    const first = row(ids[0] as string);
    expect(await first.textContent()).toMatch(/test_script \(5\)/);
    expect(await first.textContent()).toMatch(/\d+(\.\d)? MiB RSS/);
    expect(await first.textContent()).toContain('0.1.0');
    expect(await first.textContent()).toMatch(/just now|\d+ s ago/);

    // Only the list is read, once every five seconds, whatever the jobs do (the event stream, and
    // the open alerts the navigation counts on every page, aside).
    const reads: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/') && path !== '/api/events' && path !== '/api/alerts') reads.push(path);
    });
    await sleep(10_500);
    const workerReads = reads.filter((path) => path === '/api/workers').length;
    expect(reads.filter((path) => path !== '/api/workers')).toEqual([]);
    expect(workerReads).toBeGreaterThanOrEqual(2);
    expect(workerReads).toBeLessThanOrEqual(3);

    await screenshotForDocs(page, 'workers');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
  }, 60_000);

  it('drains one after confirmation: it shows draining, ends idle, and the other takes the jobs', async () => {
    const [drained, other] = ids as [string, string];
    await row(drained)
      .getByRole('button', { name: `Drain ${drained}` })
      .click();
    const dialog = page.getByRole('alertdialog', { name: `Drain ${drained}?` });
    await dialog.getByText('takes no new ones').waitFor();
    await screenshotForDocs(page, 'workers-drain-confirm');
    await dialog.getByRole('button', { name: 'Drain the worker' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`${drained} drains`);
    await row(drained).and(page.locator('[data-state="draining"]')).waitFor();
    expect(
      await row(drained)
        .getByRole('button', { name: `Resume ${drained}` })
        .isVisible(),
    ).toBe(true);

    // Its running jobs finish; it takes none of the jobs still coming, the other does.
    await expect
      .poll(async () => row(drained).locator('td.num').first().textContent(), { timeout: 20_000 })
      .toMatch(/^0 /);
    const settled = await waitFor('the drained worker to stay idle as jobs keep coming', async () => {
      const answer = await d.api('GET', '/api/workers');
      const byId = new Map(
        (answer.body.workers as Array<{ workerId: string; busy: number }>).map((w) => [w.workerId, w]),
      );
      return byId.get(drained)?.busy === 0 && (byId.get(other)?.busy ?? 0) > 0 ? byId : null;
    });
    expect(settled.get(drained)).toMatchObject({ state: 'draining', draining: true });
    await screenshotForDocs(page, 'workers-draining');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
  }, 60_000);

  it('shows a moderator the workers and no Drain or Resume', async () => {
    await d.h
      .sql`INSERT INTO users (clerk_user_id, email, role) VALUES ('user_moderator', 'm@example.com', 'moderator')`;
    const moderator = await d.browser.newContext({ baseURL: d.base });
    await moderator.addCookies([
      {
        name: '__session',
        value: await clerk.token({ sub: 'user_moderator', azp: 'http://127.0.0.1' }),
        domain: new URL(d.base).hostname,
        path: '/',
      },
    ]);
    try {
      const view = await moderator.newPage();
      await view.goto('/dashboard/workers');
      await view.getByRole('heading', { level: 1, name: 'Workers' }).waitFor();
      for (const id of ids) await view.locator(`tr[data-worker-id="${id}"]`).waitFor();
      expect(await view.getByRole('button', { name: /Drain|Resume/ }).count()).toBe(0);
      // The API refuses anyway.
      const refused = await view.evaluate(
        async (id) => (await fetch(`/api/workers/${id}/drain`, { method: 'POST' })).status,
        ids[1] as string,
      );
      expect(refused).toBe(403);
    } finally {
      await moderator.close();
    }
  });
});
