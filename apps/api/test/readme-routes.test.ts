import { readFileSync } from 'node:fs';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { harnessTest as it } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

/** README's table of routes and the API as it is: every route documented, none documented that is not there. */
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
// Served, but not part of the OpenAPI document: the document itself, scrapes, Bull Board, the dashboard.
const OUTSIDE_OPENAPI = ['GET /docs', 'GET /metrics', 'GET /admin/queues', 'GET /admin/queues-view', 'GET /dashboard'];

/** "GET /api/jobs/{jobId}" from each route in the first column of the table under "## The API". */
function documentedRoutes(): string[] {
  const section = README.slice(README.indexOf('## The API'), README.indexOf('\n## ', README.indexOf('## The API') + 1));
  const firstCells = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1] ?? '');
  return firstCells.flatMap((cell) =>
    [...cell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`?\s]+)/g)].map(
      ([, method, path]) => `${method} ${(path as string).replace(/:(\w+)/g, '{$1}')}`,
    ),
  );
}

describe("README's API table", () => {
  it('documents every route of the OpenAPI document, and nothing that is not a route', async ({ api: h }) => {
    const doc = (await h.app.inject({ method: 'GET', url: '/docs/json', headers: auth })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const documented = documentedRoutes();
    expect(documented.length).toBeGreaterThan(10);
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !served.includes(route) && !OUTSIDE_OPENAPI.includes(route))).toEqual([]);
  });

  it('documents routes outside the OpenAPI document that answer', async ({ api: h }) => {
    const documented = documentedRoutes();
    for (const route of OUTSIDE_OPENAPI) {
      expect(documented).toContain(route);
      const [method, url] = route.split(' ') as ['GET', string];
      const res = await h.app.inject({ method, url, headers: auth });
      expect([200, 302], `${route} answered ${res.statusCode}`).toContain(res.statusCode);
    }
  });
});
