import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The command line of the lifecycle benches (run.ts, record-cost.ts): `--jobs` (`jobs` here is its
 * default), `--concurrency` (producers in flight, and the worker's concurrency; 50), and the
 * bench's own options. Values are strings, as parseArgs gives them; `jobs` and `concurrency` also
 * come as numbers.
 */
export function lifecycleBenchArgs<const More extends Options>(jobs: number, more: More) {
  const common = {
    jobs: { type: 'string', default: String(jobs) },
    concurrency: { type: 'string', default: '50' },
  } as const;
  const { values } = parseArgs({
    // pnpm forwards a literal '--' before script arguments.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { ...common, ...more } as typeof common & More,
  });
  // Both have defaults, so both are strings (TypeScript cannot tell inside this generic function).
  const defaulted = values as { jobs: string; concurrency: string };
  return { args: values, jobs: Number(defaulted.jobs), concurrency: Number(defaulted.concurrency) };
}
