import type { z } from 'zod';
import { apiEnvSchema, standInsEnvSchema, workerEnvSchema } from './schemas.ts';

/** The processes that read settings, in the order .env.example lists them. */
export const SETTINGS_OF = {
  api: apiEnvSchema,
  worker: workerEnvSchema,
  'stand-ins': standInsEnvSchema,
} as const;
type Process = keyof typeof SETTINGS_OF;

const TITLES: Record<string, string> = {
  'api,worker': 'The API and the worker',
  api: 'The API',
  worker: 'The worker',
  'stand-ins': 'The local stand-ins of the sibling services (pnpm start only)',
};

export interface Setting {
  name: string;
  description: string;
  /** As it would be written in the environment; undefined when there is none. */
  defaultValue: string | undefined;
  required: boolean;
}

/** A setting as one schema declares it: its description, default (as written) and whether it must be given. */
export function settingOf(name: string, schema: z.ZodType): Setting {
  const required = !schema.safeParse(undefined).success;
  return { name, description: schema.description ?? '', defaultValue: rawDefault(schema), required };
}

/** The default of a schema as a string in the environment, looking through pipes and transforms. */
function rawDefault(schema: z.ZodType): string | undefined {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.type === 'default') {
    const value = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    return String(value);
  }
  if (def.type === 'pipe') return rawDefault(def.in as z.ZodType);
  return undefined;
}

/**
 * .env.example: every setting of every process, with what it does and its default. A setting
 * read by the API and the worker alike is listed once; one they read differently (another
 * default) under each. Defaults are commented out; required ones are left blank to fill in.
 */
export function renderEnvExample(): string {
  const byName = new Map<string, Array<{ process: Process; setting: Setting }>>();
  for (const [process, schema] of Object.entries(SETTINGS_OF) as Array<[Process, z.ZodObject]>) {
    for (const [name, field] of Object.entries(schema.shape)) {
      const readers = byName.get(name) ?? [];
      readers.push({ process, setting: settingOf(name, field as z.ZodType) });
      byName.set(name, readers);
    }
  }
  const sections = new Map<string, Setting[]>();
  const add = (key: string, setting: Setting) => sections.set(key, [...(sections.get(key) ?? []), setting]);
  for (const readers of byName.values()) {
    const service = readers.filter((r) => r.process !== 'stand-ins');
    const [first, second] = service;
    const same =
      first &&
      second &&
      first.setting.defaultValue === second.setting.defaultValue &&
      first.setting.required === second.setting.required;
    if (same) add('api,worker', first.setting);
    else for (const r of service) add(r.process, r.setting);
    for (const r of readers.filter((r) => r.process === 'stand-ins')) {
      if (!service.some((s) => s.setting.defaultValue === r.setting.defaultValue)) add('stand-ins', r.setting);
    }
  }

  const out = [
    '# Settings of the Stumbleable scheduler, read from the environment.',
    '# Generated from the schemas in packages/config/src by `pnpm env:example`; a test fails when this',
    '# file and the schemas differ. Commented lines show the default: uncomment one to change it.',
  ];
  for (const key of Object.keys(TITLES)) {
    const settings = sections.get(key);
    if (!settings) continue;
    out.push('', `## ${TITLES[key]}`, '');
    for (const s of settings) {
      out.push(`# ${s.description}${s.required ? ' (required)' : ''}`);
      out.push(s.required ? `${s.name}=` : `# ${s.name}=${s.defaultValue ?? ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
