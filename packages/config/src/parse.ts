import type { z } from 'zod';

/** A configuration problem; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses `env` with `schema` once, at boot, into a frozen object.
 * Values are never echoed back in messages: some of them are secrets.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  checks: Array<(env: NodeJS.ProcessEnv) => string | undefined> = [],
): Readonly<z.output<S>> {
  const problems = checks.map((check) => check(env)).filter((p): p is string => Boolean(p));
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path.join('.') || '(environment)';
      problems.push(`${variable}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return Object.freeze(parsed.data);
}
