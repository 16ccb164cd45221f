import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebhookReceiver } from '../../stand-ins/src/index.ts';
import type { Alert, AlertChannel, AlertRule } from '../src/data/alerts.ts';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

/**
 * The alerts pages in Chromium against the real API, a worker, the alert evaluator they run and
 * a real webhook receiver: a channel is added and tested, an alert opens on a final failure,
 * reaches the receiver, is silenced and resolves, each step seen as a person sees it.
 */
let d: Dashboard;
let page: Page;
const receiver = buildWebhookReceiver();
let receiverUrl = '';
/** The evaluator runs in the API and the worker (one at a time): quick passes and retries, for a test. */
const FAST_ALERTS = { ALERTS_ENABLED: 'true', ALERT_EVALUATE_MS: '250', ALERT_RETRY_BASE_MS: '200' };
/** What reached the receiver, of one event. */
const received = (event: string) => receiver.deliveries.filter((r) => r.event === event);

beforeAll(async () => {
  receiverUrl = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
  d = await openDashboard(undefined, { env: FAST_ALERTS });
  page = d.page;
  await d.context.grantPermissions(['clipboard-read', 'clipboard-write']);
}, 60_000);
afterAll(async () => {
  await d?.close();
  await receiver.app.close();
});

const trigger = async (payload: Record<string, unknown>) =>
  (await d.api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload })).body.id as string;
/** The open final-failure alerts, as the API lists them (no other rule fires in this test's world). */
const openAlerts = async () => (await d.api('GET', '/api/alerts?state=open&kind=final_failure')).body.alerts as Alert[];
const card = (kind: string) => page.locator(`li.alert-card[data-kind="${kind}"]`);

let secret = '';

describe('the alerts pages', () => {
  it('adds a webhook, shows its secret once with a copy button, and a test alert reaches the receiver', async () => {
    await page.goto('/dashboard/alerts/settings');
    await page.getByRole('heading', { level: 1, name: 'Alert settings' }).waitFor();
    // The built-in rules are listed with their bounds in words.
    await page.locator('tr[data-rule-id]').first().waitFor();
    expect(await page.locator('tr[data-kind="final_failure"]').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Add a webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await dialog.getByLabel('name', { exact: true }).fill('on-call');
    await dialog.getByLabel('URL').fill(`${receiverUrl}/hooks/on-call`);
    await dialog.getByRole('button', { name: 'Add the webhook' }).click();
    const shown = page.getByRole('dialog', { name: 'Webhook added' });
    const field = shown.getByLabel('signing secret');
    await field.waitFor();
    secret = await field.inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => shown.getByRole('status').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    // The receiver checks signatures with it, as the dialog tells a receiver to.
    receiver.secrets.set('on-call', secret);
    await screenshotForDocs(page, 'alerts-webhook-secret');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    await page.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached' });

    // Never again: the API says only that a secret is set.
    const [stored] = (await d.api('GET', '/api/alert-channels')).body.channels as Array<Record<string, unknown>>;
    expect(stored).toMatchObject({ name: 'on-call', kind: 'webhook', isDefault: true, secretSet: true });
    expect(JSON.stringify(stored)).not.toContain(secret);

    const row = page.locator('tr[data-channel="on-call"]');
    await row.getByRole('button', { name: 'Send a test alert to on-call' }).click();
    await expect.poll(() => row.locator('[data-test-result]').textContent()).toContain('delivered (HTTP 204)');
    expect(received('alert.test')).toHaveLength(1);
    expect(received('alert.test')[0]).toMatchObject({ hook: 'on-call', verified: true, status: 204 });
    await screenshotForDocs(page, 'alerts-settings');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
  }, 90_000);

  it('sends a test alert to a channel that refuses, and says it was not delivered', async () => {
    await d.api('POST', '/api/alert-channels', {
      kind: 'webhook',
      name: 'refusing',
      url: `${receiverUrl}/hooks/refusing`,
      isDefault: false,
    });
    await page.goto('/dashboard/alerts/settings');
    const row = page.locator('tr[data-channel="refusing"]');
    receiver.behaviour.failStatus = 503;
    try {
      await row.getByRole('button', { name: 'Send a test alert to refusing' }).click();
      await expect.poll(() => row.locator('[data-test-result]').textContent()).toContain('not delivered');
    } finally {
      receiver.behaviour.failStatus = null;
    }
    expect(await row.locator('[data-test-result]').textContent()).toContain('HTTP 503');
    await row.getByRole('button', { name: 'More for refusing' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete the channel' }).click();
    await row.waitFor({ state: 'detached' });
  }, 90_000);

  it('adds an email channel, makes it a default, and a rule of its own that sends there', async () => {
    await page.goto('/dashboard/alerts/settings');
    await page.getByRole('button', { name: 'Add an email channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'New email channel' });
    await dialog.getByLabel('name', { exact: true }).fill('ops-mail');
    await dialog.getByLabel('email address').fill('not an address');
    await dialog.getByLabel(/a default channel/).uncheck();
    await dialog.getByRole('button', { name: 'Add the email channel' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('An email address');
    await dialog.getByLabel('email address').fill('ops@example.com');
    await dialog.getByRole('button', { name: 'Add the email channel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tr[data-channel="ops-mail"]');
    expect(await row.locator('td').nth(2).textContent()).toBe('no');
    await row.getByRole('button', { name: 'More for ops-mail' }).click();
    await page.getByRole('menuitem', { name: 'Make it a default' }).click();
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('default');
    const channels = (await d.api('GET', '/api/alert-channels')).body.channels as AlertChannel[];
    const mail = channels.find((c) => c.name === 'ops-mail');
    expect(mail).toMatchObject({ kind: 'email', email: 'ops@example.com', isDefault: true, secretSet: false });
    // With a default channel there, a new one is not made a default unless asked (the first one was).
    await page.getByRole('button', { name: 'Add a webhook' }).click();
    const next = page.getByRole('dialog', { name: 'New webhook' });
    expect(await next.getByLabel(/a default channel/).isChecked()).toBe(false);
    await page.keyboard.press('Escape');
    await next.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Add a rule' }).click();
    const form = page.getByRole('dialog', { name: 'New rule' });
    await form.getByLabel('watches').selectOption('no_success');
    await form.getByLabel('name', { exact: true }).fill('test_script succeeds hourly');
    await form.getByLabel('for', { exact: true }).selectOption('job_type');
    await form.getByLabel('job type name').fill('test_script');
    await form.getByLabel('within (minutes)').fill('60');
    await form.getByLabel('these channels').check();
    await form.getByLabel('ops-mail').check();
    await form.getByRole('button', { name: 'Add the rule' }).click();
    await form.waitFor({ state: 'detached' });
    const rule = page.locator('tr[data-rule-id]', { hasText: 'test_script succeeds hourly' });
    expect(await rule.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['job type test_script', 'none within 1 h', 'ops-mail', 'yes']),
    );
    const rules = (await d.api('GET', '/api/alert-rules')).body.rules as AlertRule[];
    expect(rules.find((r) => r.name === 'test_script succeeds hourly')).toMatchObject({
      kind: 'no_success',
      subject: { kind: 'job_type', name: 'test_script' },
      params: { windowMs: 3_600_000 },
      channelIds: [mail?.id],
      builtIn: false,
    });
    await rule.getByRole('button', { name: 'Delete test_script succeeds hourly' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete the rule' }).click();
    await rule.waitFor({ state: 'detached' });
    // Alerts of the final-failure test go to the webhook alone.
    await d.api('PUT', `/api/alert-channels/${mail?.id}`, { isDefault: false });
  }, 90_000);

  it('edits a rule’s bounds in minutes and shows them in words', async () => {
    await page.goto('/dashboard/alerts/settings');
    const row = page.locator('tr[data-kind="backlog_age"]').first();
    const name = (await row.locator('strong').textContent()) as string;
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Rule ${name}` });
    await dialog.getByLabel('older than (minutes)').fill('20');
    await dialog.getByRole('button', { name: 'Save the rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('older than 20 min');
    const rules = (await d.api('GET', '/api/alert-rules')).body.rules as AlertRule[];
    expect(rules.find((r) => r.name === name)?.params.maxAgeMs).toBe(20 * 60_000);
  }, 90_000);

  it('shows an alert open when a job fails its final attempt, who was told, and its resolution when a later one succeeds', async () => {
    const failed = await trigger({ failTimes: 3, errorMessage: 'the upstream answered 503' });
    await expect.poll(openAlerts, { timeout: 30_000 }).toHaveLength(1);
    await page.goto('/dashboard/alerts');
    const open = card('final_failure');
    await open.waitFor();
    expect(await open.textContent()).toContain('test_script');
    // Which rule fired: two rules may watch one subject.
    const [firing] = await openAlerts();
    expect(await open.locator('.alert-rule').textContent()).toBe(firing?.ruleName);
    expect(await open.getByRole('link', { name: 'job type test_script' }).getAttribute('href')).toBe(
      '/dashboard/jobs?type=test_script',
    );
    expect(await open.locator(`[data-alert-job="${failed}"]`).getAttribute('href')).toBe(`/dashboard/jobs/${failed}`);
    // The receiver got it, and the page says so.
    await expect.poll(() => received('alert.opened').length, { timeout: 20_000 }).toBe(1);
    expect(received('alert.opened')[0]).toMatchObject({ hook: 'on-call', verified: true });
    await expect
      .poll(
        async () => {
          await page.reload();
          return open.locator('[data-channel="on-call"] [data-delivery]').getAttribute('data-delivery');
        },
        { timeout: 20_000 },
      )
      .toBe('delivered');
    // The navigation counts it.
    await expect.poll(() => page.locator('.nav-count').getAttribute('data-open-alerts')).toBe('1');
    await screenshotForDocs(page, 'alerts-open');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshotForDocs(page, 'alerts-open-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});

    await trigger({});
    await expect.poll(openAlerts, { timeout: 30_000 }).toHaveLength(0);
    await page.reload();
    await page.getByText('No alert is open.').waitFor();
    const resolved = page.locator('table.alert-history tr[data-state="resolved"][data-kind="final_failure"]');
    await resolved.first().waitFor();
    expect(await resolved.first().locator('td').nth(3).textContent()).not.toBe('–');
    await expect.poll(() => received('alert.resolved').length, { timeout: 20_000 }).toBe(1);
    expect(await page.locator('.nav-count').count()).toBe(0);
    // The history filters by state, in the URL.
    await page.getByLabel('state').selectOption('open');
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('open');
    await page.getByText('No alert matches.').waitFor();
    await page.getByLabel('state').selectOption('resolved');
    await resolved.first().waitFor();
    await screenshotForDocs(page, 'alerts-history');
  }, 90_000);

  it('silences an open alert until a time, and ends the silence', async () => {
    await trigger({ failTimes: 3 });
    await expect.poll(openAlerts, { timeout: 30_000 }).toHaveLength(1);
    await page.goto('/dashboard/alerts');
    const open = card('final_failure');
    const silence = open.getByRole('button', { name: 'Silence…' });
    await silence.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '4 hours' }).waitFor();
    await screenshotForDocs(page, 'alerts-silence-dialog');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    // A time in the past is refused before anything is sent.
    await dialog.getByLabel(/Or until/).fill('2020-01-01T09:00');
    await dialog.getByRole('button', { name: 'Silence until then' }).click();
    await dialog.getByRole('alert').waitFor();
    const before = Date.now();
    await dialog.getByRole('button', { name: '4 hours' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => open.getAttribute('data-silenced')).toBe('true');
    const [alert] = await openAlerts();
    const until = Date.parse(alert?.silencedUntil ?? '');
    expect(until).toBeGreaterThanOrEqual(before + 4 * 3_600_000 - 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 4 * 3_600_000 + 60_000);
    expect(await page.locator('.nav-count').count()).toBe(0);
    await screenshotForDocs(page, 'alerts-silenced');

    await open.getByRole('button', { name: 'Unsilence' }).click();
    await expect.poll(() => open.getAttribute('data-silenced')).toBeNull();
    expect((await openAlerts())[0]?.silencedUntil).toBeNull();
  }, 90_000);

  it('pages the history by cursor and filters it by kind, both in the URL', async () => {
    // Thirty past backlog alerts, a minute apart, as the evaluator would have left them.
    await d.h.sql`
      INSERT INTO alerts (rule_id, kind, subject_kind, subject_name, state, summary, opened_at, resolved_at, resolution)
      SELECT r.id, 'backlog_age', 'job_type', 'queue_' || i, 'resolved', 'The oldest job waited 20 min',
             now() - make_interval(hours => 1, mins => i), now() - make_interval(mins => i),
             'The backlog was worked off'
      FROM alert_rules r, generate_series(1, 30) AS i
      WHERE r.kind = 'backlog_age' AND r.built_in IS NOT NULL`;
    await page.goto('/dashboard/alerts');
    await page.getByLabel('kind').selectOption('backlog_age');
    await expect.poll(() => new URL(page.url()).searchParams.get('kind')).toBe('backlog_age');
    const rows = page.locator('table.alert-history tbody tr');
    const subjects = () => rows.locator('td:nth-child(2) a').allTextContents();
    // The unfiltered page stays shown until the filtered one comes: wait for the newest backlog alert.
    await expect.poll(async () => (await subjects())[0]).toBe('job type queue_1');
    const first = await subjects();
    expect(first).toHaveLength(25);
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => rows.count()).toBe(5);
    expect(await subjects()).toEqual([
      'job type queue_26',
      'job type queue_27',
      'job type queue_28',
      'job type queue_29',
      'job type queue_30',
    ]);
    expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
    await page.reload();
    await expect.poll(() => rows.count()).toBe(5);
    await page.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(subjects).toEqual(first);
  }, 90_000);

  it('is reachable by keyboard: the tabs, a card’s Silence and its dialog', async () => {
    await page.goto('/dashboard/alerts');
    await card('final_failure').waitFor();
    const tabs = page.getByRole('navigation', { name: 'Alerts pages' });
    expect(await tabs.getByRole('link', { name: 'Alerts', exact: true }).getAttribute('aria-current')).toBe('page');
    await tabs.getByRole('link', { name: 'Rules and channels' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Alert settings' }).waitFor();
    expect(await tabs.getByRole('link', { name: 'Rules and channels' }).getAttribute('aria-current')).toBe('page');
    // The main navigation marks Alerts on both pages.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: /^Alerts/ }).getAttribute('aria-current')).toBe('page');

    await page.goto('/dashboard/alerts');
    const silence = card('final_failure').getByRole('button', { name: 'Silence…' });
    await silence.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement))).toBe(
      true,
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await silence.evaluate((button) => button === document.activeElement)).toBe(true);
  }, 90_000);
});
