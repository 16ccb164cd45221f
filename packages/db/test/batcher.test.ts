import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createBatcher } from '../src/batcher.ts';

describe('createBatcher', () => {
  it('sends a lone call at once, and coalesces the calls made while batches are in flight', async () => {
    const batches: number[][] = [];
    const double = createBatcher(
      async (inputs: number[]) => {
        batches.push(inputs);
        await sleep(20);
        return inputs.map((n) => n * 2);
      },
      { maxInFlight: 1 },
    );
    const first = double(1);
    await sleep(5); // the first batch is now in flight
    const rest = [2, 3, 4, 5].map((n) => double(n));
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('respects the batch size limit', async () => {
    const sizes: number[] = [];
    const echo = createBatcher(
      async (inputs: number[]) => {
        sizes.push(inputs.length);
        return inputs;
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    await Promise.all(Array.from({ length: 7 }, (_, i) => echo(i)));
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('retries each input alone when a batch fails, so one bad input fails only itself', async () => {
    const check = createBatcher(
      async (inputs: number[]) => {
        if (inputs.includes(13)) throw new Error('unlucky');
        return inputs.map(() => 'ok');
      },
      { maxInFlight: 1 },
    );
    const outcomes = await Promise.allSettled([11, 12, 13, 14].map((n) => check(n)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  describe('inputs written behind (lingerMs)', () => {
    const recording = (lingerMs: number) => {
      const batches: string[][] = [];
      const send = createBatcher(
        async (inputs: string[]) => {
          batches.push(inputs);
          return inputs;
        },
        { lingerMs, lingers: (input) => input.startsWith('behind') },
      );
      return { batches, send };
    };

    it('waits for the next call that cannot wait, and shares its statement', async () => {
      const { batches, send } = recording(1000);
      const behind = send('behind 1');
      await sleep(20);
      expect(batches).toEqual([]); // still waiting for company
      await Promise.all([behind, send('now 2')]);
      expect(batches).toEqual([['behind 1', 'now 2']]);
    });

    it('leaves alone after lingerMs when no other call comes', async () => {
      const { batches, send } = recording(30);
      const sentAt = performance.now();
      await send('behind 1');
      expect(performance.now() - sentAt).toBeGreaterThanOrEqual(25);
      expect(batches).toEqual([['behind 1']]);
    });

    it('a slot freeing up does not send it early: it still waits for company or its time', async () => {
      const batches: string[][] = [];
      const send = createBatcher(
        async (inputs: string[]) => {
          batches.push(inputs);
          if (inputs.includes('slow')) await sleep(30);
          return inputs;
        },
        { maxInFlight: 1, lingerMs: 150, lingers: (input) => input.startsWith('behind') },
      );
      const slow = send('slow');
      await sleep(5); // the slow batch holds the only slot
      const behind = send('behind 1');
      await slow;
      await sleep(40);
      expect(batches).toEqual([['slow']]); // the slot is free, the input still waits
      await Promise.all([behind, send('now 2')]);
      expect(batches).toEqual([['slow'], ['behind 1', 'now 2']]);
    });

    it.each([
      ['never holds a call whose caller waits', 1000, 'now 1'],
      ['without lingerMs, an input written behind leaves at once', 0, 'behind 1'],
    ])('%s', async (_, lingerMs, input) => {
      const { batches, send } = recording(lingerMs);
      const sentAt = performance.now();
      await send(input);
      expect(performance.now() - sentAt).toBeLessThan(500);
      expect(batches).toEqual([[input]]);
    });
  });
});
