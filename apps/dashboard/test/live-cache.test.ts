import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveCache } from '../src/live/cache.ts';

/** The stream's side of the query cache, on a real QueryClient whose one list counts its reads. */
const KEY = ['get', '/api/jobs', { params: { query: { type: 'test_noop' } } }] as const;

let client: QueryClient;
let reads: number;
let holding: boolean;
let cache: ReturnType<typeof createLiveCache>;
let unmount: () => void;
beforeEach(async () => {
  client = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false } } });
  reads = 0;
  holding = false;
  cache = createLiveCache(client, () => holding);
  const queryFn = async () => {
    reads += 1;
    return { jobs: [], nextCursor: null };
  };
  // An observer keeps the list active, as a mounted page does, so an invalidation reads it.
  unmount = new QueryObserver(client, { queryKey: KEY, queryFn }).subscribe(() => {});
  await settle();
  reads = 0;
});
afterEach(() => {
  unmount();
  cache.close();
  client.clear();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the live cache', () => {
  it('reads every answer again when the stream opens with nothing held', async () => {
    cache.resync();
    await settle();
    expect(reads).toBe(1);
  });

  it('keeps held rows still when the stream opens during a hold, and reads them at its end', async () => {
    holding = true;
    cache.resync();
    await settle();
    expect(reads).toBe(0);
    holding = false;
    cache.released();
    await settle();
    expect(reads).toBe(1);
  });
});
