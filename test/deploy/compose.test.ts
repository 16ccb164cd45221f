import type { Setting } from '@scheduler/config';
import { describe, expect, it } from 'vitest';
import { dclint, dockerfileTargets, readYaml, settingsOf } from './render.ts';

interface ComposeService {
  build?: { context: string; target: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  stop_grace_period?: string;
}
const compose = readYaml<{ services: Record<string, ComposeService> }>('docker-compose.yml');
const { services } = compose;
const seconds = (duration: string) => Number(/^(\d+)s$/.exec(duration)?.[1]);

describe('docker-compose.yml', () => {
  it('passes the compose schema and dclint’s rules', () => {
    // dclint exits non-zero on any error (schema or rule); its output says which.
    expect(() => dclint('docker-compose.yml')).not.toThrow();
  });

  it('runs Redis as BullMQ needs it: append-only, never evicting a key', () => {
    expect(services.redis?.command).toEqual(
      expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']),
    );
  });

  it('starts each process only when what it needs is healthy, after the migrations', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(services.migrate?.command).toEqual(['node', 'dist/migrate.js']);
    expect(services.migrate?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const [name, service] of Object.entries(services))
      if (name !== 'migrate') expect(service.healthcheck?.test, `${name} has a health check`).toBeDefined();
  });

  it('builds each image from a target of the Dockerfile', () => {
    const targets = dockerfileTargets();
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue;
      expect(targets, `${name}'s target`).toContain(service.build.target);
    }
  });

  it('publishes the API on localhost:7005 only, and keeps the stand-ins under their profile', () => {
    expect(services.api?.ports).toEqual(['127.0.0.1:7005:8080']);
    expect(services.api?.environment?.PORT).toBe('8080');
    expect(services.worker?.ports).toBeUndefined();
    expect(services['stand-ins']?.profiles).toEqual(['stand-ins']);
  });

  it('gives the worker longer to stop than its own shutdown grace', () => {
    const grace = settingsOf('worker').find((s) => s.name === 'SHUTDOWN_GRACE_MS') as Setting;
    const graceMs = Number(services.worker?.environment?.SHUTDOWN_GRACE_MS ?? grace.defaultValue);
    expect(seconds(services.worker?.stop_grace_period ?? '0s') * 1000).toBeGreaterThan(graceMs);
  });

  it('provides every required setting, and only settings the processes know', () => {
    for (const process of ['api', 'worker'] as const) {
      const environment = services[process]?.environment ?? {};
      const settings = settingsOf(process);
      const known = new Set(settings.map((s) => s.name));
      for (const name of Object.keys(environment)) expect(known, `${process}: ${name}`).toContain(name);
      for (const setting of settings.filter((s) => s.required)) expect(environment).toHaveProperty(setting.name);
      for (const name of ['DATABASE_URL', 'REDIS_URL', 'CRAWLER_SERVICE_URL', 'EMAIL_SERVICE_URL'])
        expect(environment[name], `${process}: ${name}`).toMatch(
          /^(postgres|redis|http):\/\/(postgres|redis|stand-ins):/,
        );
      // The key has no default here: compose stops with a message until .env sets it.
      expect(environment.SCHEDULER_SERVICE_KEY).toMatch(/^\$\{SCHEDULER_SERVICE_KEY:\?/);
    }
  });
});
