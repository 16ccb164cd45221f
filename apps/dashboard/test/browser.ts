import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

// What a dashboard test checks on a page; opening the dashboard and the browser is the
// harness's (@scheduler/testing/harness).

export const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

/** Saves what the page shows, full length, as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Saves what the page shows as test-results/screenshots/<name>.png, and with
 * LOOK_SCREENSHOTS=<folder under docs/screenshots> there too, for the record.
 */
export async function screenshotForDocs(page: Page, name: string): Promise<string> {
  const path = await screenshot(page, name);
  const folder = process.env.LOOK_SCREENSHOTS;
  if (folder) {
    const docs = fileURLToPath(new URL(`../../../docs/screenshots/${folder}/`, import.meta.url));
    mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: `${docs}${name}.png`, fullPage: true });
  }
  return path;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Where, as CSS selectors (the first few). */
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2 A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  })) as Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/** Serious and critical violations in the light and in the dark scheme, by scheme (empty when none); ends in light. */
export async function seriousViolationsInBothSchemes(page: Page): Promise<Record<string, AxeViolation[]>> {
  const found: Record<string, AxeViolation[]> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await seriousViolations(page);
    if (violations.length) found[colorScheme] = violations;
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Whether the page is wider than the window (something that does not wrap). */
export const overflowsSideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement as Element;
    return root.scrollWidth > window.innerWidth;
  });
