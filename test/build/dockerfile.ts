import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile: its keyword, its flags (--from=…) and the rest. */
export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  args: string;
}

export interface Stage {
  base: string;
  name: string;
  instructions: Instruction[];
}

/**
 * The stages of a Dockerfile, for tests that run its steps without a container engine. Reads
 * what this repository's Dockerfile uses: comments, line continuations, FROM … AS …, flags.
 */
export function readDockerfile(path: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const flags: Record<string, string> = {};
    let remaining = rest;
    for (let flag = /^--([\w-]+)=(\S+)\s+/.exec(remaining); flag; flag = /^--([\w-]+)=(\S+)\s+/.exec(remaining)) {
      flags[flag[1] as string] = flag[2] as string;
      remaining = remaining.slice(flag[0].length);
    }
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, base = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(remaining) ?? [];
      stages.push({ base: base.replace(/\$\{(\w+)\}/g, (_, arg: string) => args[arg] ?? ''), name, instructions: [] });
    } else if (upper === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = remaining.split('=');
      args[name] = value;
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, flags, args: remaining });
    }
  }
  return { args, stages };
}

/** `KEY=value KEY2=value2` of an ENV instruction. */
export const envOf = (instruction: Instruction): Record<string, string> =>
  Object.fromEntries(instruction.args.split(/\s+/).map((pair) => pair.split('=') as [string, string]));

/** The exec form of CMD or HEALTHCHECK CMD: ["node", "…"]. */
export const execForm = (text: string): string[] => JSON.parse(text.replace(/^CMD\s+/, '')) as string[];
