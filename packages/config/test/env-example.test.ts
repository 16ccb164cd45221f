import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { renderEnvExample, SETTINGS_OF, settingOf } from '../src/index.ts';

const written = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');

describe('.env.example', () => {
  it('is what the schemas generate (run `pnpm env:example` after changing a setting)', () => {
    expect(written).toBe(renderEnvExample());
  });

  it('names every setting of every process, each with what it does', () => {
    const listed = new Set([...written.matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const [process, schema] of Object.entries(SETTINGS_OF)) {
      for (const [name, field] of Object.entries((schema as z.ZodObject).shape)) {
        expect(listed.has(name), `${process} reads ${name}`).toBe(true);
        expect(settingOf(name, field as z.ZodType).description, `${process}: ${name} has a description`).not.toBe('');
      }
    }
  });

  it('shows defaults that are the defaults: each parses to what the process uses without it', () => {
    for (const schema of Object.values(SETTINGS_OF) as z.ZodObject[]) {
      for (const [name, field] of Object.entries(schema.shape)) {
        const setting = settingOf(name, field as z.ZodType);
        if (setting.defaultValue === undefined) continue;
        const type = field as z.ZodType;
        expect(type.parse(setting.defaultValue), name).toEqual(type.parse(undefined));
      }
    }
  });
});
