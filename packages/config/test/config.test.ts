import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadWorkerConfig } from '../src/index.ts';

const KEY = 'k'.repeat(32);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadApiConfig({ SCHEDULER_SERVICE_KEY: KEY });
    expect(config).toMatchObject({
      PORT: 7005,
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/scheduler',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: '{scheduler}',
      HTTP_TIMEOUT_MS: 30_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names each bad variable, and never echoes a secret value', () => {
    const problems = problemsOf(() =>
      loadApiConfig({ PORT: 'eighty', REDIS_URL: 'http://cache', SCHEDULER_SERVICE_KEY: 'short-secret' }),
    );
    expect([...problems].sort()).toEqual([
      'PORT: must be a port number',
      'REDIS_URL: must be a redis:// or rediss:// URL',
      'SCHEDULER_SERVICE_KEY: must be at least 24 characters (generate one: openssl rand -hex 32)',
    ]);
    expect(problems.join(' ')).not.toContain('short-secret');
  });

  it('requires the service key on the API', () => {
    expect(problemsOf(() => loadApiConfig({}))).toEqual(['SCHEDULER_SERVICE_KEY: is required']);
  });

  it('explains that Supabase REST settings are not a database connection', () => {
    const [problem] = problemsOf(() =>
      loadWorkerConfig({ SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_SERVICE_KEY: 'eyJ...' }),
    );
    expect(problem).toMatch(/^DATABASE_URL: missing\./);
    expect(problem).toMatch(/Project Settings → Database → Connection string/);
  });

  it('parses TRUSTED_PROXIES as addresses and CIDR ranges, and rejects anything else', () => {
    expect(loadApiConfig({ SCHEDULER_SERVICE_KEY: KEY }).TRUSTED_PROXIES).toEqual([]);
    const config = loadApiConfig({ SCHEDULER_SERVICE_KEY: KEY, TRUSTED_PROXIES: ' 10.0.0.0/8, 192.0.2.1,fd00::/8 ' });
    expect(config.TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '192.0.2.1', 'fd00::/8']);
    expect(problemsOf(() => loadApiConfig({ SCHEDULER_SERVICE_KEY: KEY, TRUSTED_PROXIES: 'the-ingress' }))[0]).toMatch(
      /^TRUSTED_PROXIES\.0: must be a comma-separated list of addresses or CIDR ranges/,
    );
  });

  it('parses JOB_OVERRIDES and rejects malformed ones', () => {
    const config = loadWorkerConfig({ JOB_OVERRIDES: '{"crawl_pending":{"attempts":5,"timeoutMs":60000}}' });
    expect(config.JOB_OVERRIDES).toEqual({ crawl_pending: { attempts: 5, timeoutMs: 60_000 } });
    expect(problemsOf(() => loadWorkerConfig({ JOB_OVERRIDES: '{nope' }))[0]).toMatch(/^JOB_OVERRIDES: must be JSON/);
    expect(problemsOf(() => loadWorkerConfig({ JOB_OVERRIDES: '{"crawl_pending":{"attempts":0}}' }))[0]).toMatch(
      /^JOB_OVERRIDES\.crawl_pending\.attempts: /,
    );
  });
});
