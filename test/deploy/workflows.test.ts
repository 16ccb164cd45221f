import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerfileTargets, ROOT, readYaml, renderKustomization, validateWorkflow } from './render.ts';

interface Workflow {
  jobs: Record<
    string,
    {
      services?: Record<string, { image: string }>;
      steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }>;
    }
  >;
}
const ci = readYaml<Workflow>('.github/workflows/ci.yml');
const deploy = readYaml<Workflow>('.github/workflows/deploy.yml');
const runs = (workflow: Workflow) =>
  Object.values(workflow.jobs)
    .flatMap((job) => job.steps.map((step) => step.run ?? ''))
    .join('\n');
const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> })
  .scripts;

describe('GitHub workflows', () => {
  it('pass the workflow schema', () => {
    for (const file of ['.github/workflows/ci.yml', '.github/workflows/deploy.yml'])
      expect(() => validateWorkflow(file)).not.toThrow();
  });

  it('CI runs what `pnpm test` runs, against Redis and Postgres service containers, with the pnpm store cached', () => {
    const job = ci.jobs.test;
    expect(Object.keys(job?.services ?? {}).sort()).toEqual(['postgres', 'redis']);
    const setupNode = job?.steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setupNode?.with?.cache).toBe('pnpm');
    const commands = runs(ci);
    expect(commands).toContain('pnpm install --frozen-lockfile');
    // Every part of the test script, as its own step: lint, typecheck, the dashboard, the tests.
    for (const part of (scripts.test ?? '').split(' && ').map((p) => p.replace(/^vitest run$/, 'pnpm test:only')))
      expect(commands, part).toContain(part.replace(/^biome check \.$/, 'pnpm lint'));
  });

  it('deploy builds the Dockerfile’s targets, sets them in an overlay that has them, and waits for every Deployment', () => {
    const commands = runs(deploy);
    const targets = dockerfileTargets();
    expect(commands).toMatch(/for target in api worker/);
    expect(targets).toEqual(expect.arrayContaining(['api', 'worker']));
    expect(commands).toContain(
      '"scheduler-api=$REGISTRY/scheduler-api:$TAG" "scheduler-worker=$REGISTRY/scheduler-worker:$TAG"',
    );
    for (const overlay of ['staging', 'production']) {
      const deployments = renderKustomization(`k8s/overlays/${overlay}`)
        .filter((o) => o.kind === 'Deployment')
        .map((o) => o.metadata.name);
      for (const name of deployments) expect(commands).toContain(`kubectl rollout status deployment/${name}`);
    }
  });
});
