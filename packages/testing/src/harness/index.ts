// The whole world an app's test runs in: the API, workers, stand-ins and a browser on a test
// database and queue prefix of its own. A subpath of @scheduler/testing, so that a package
// needing only a test database does not load the apps (and the apps, which this imports, take
// @scheduler/testing through the root's devDependencies, never their own: no package cycle).
export {
  type ApiHarness,
  createApiHarness,
  createSignedInApiHarness,
  type SignedInApiHarness,
  TEST_DASHBOARD_ORIGIN,
} from './api-harness.ts';
export { CHROMIUM, launchBrowser } from './browser.ts';
export { type Dashboard, openDashboard } from './dashboard.ts';
export {
  type FaultWorld,
  faultTest,
  harnessTest,
  POSTGRES,
  REDIS,
} from './fixtures.ts';
export { createHarness, type Harness } from './harness.ts';
export { REPO_ROOT } from './paths.ts';
