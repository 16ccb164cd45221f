import { describe, expect, it } from 'vitest';
import { slotKey, tickSlot } from '../src/schedules/firing.ts';

describe('tickSlot', () => {
  const slot = Date.parse('2026-12-06T10:00:01.250Z');

  it("reads the slot from the tick's id, as BullMQ names each tick after its slot", () => {
    const id = slotKey('nightly:eu', new Date(slot)); // a schedule name may hold a colon
    expect(id).toBe(`repeat:nightly:eu:${slot}`);
    expect(tickSlot({ id, opts: { delay: 0 }, timestamp: 0 }).getTime()).toBe(slot);
  });

  it('falls back on prevMillis, then on when the tick was made plus its delay', () => {
    expect(tickSlot({ id: 'other', opts: { prevMillis: slot } as never, timestamp: 0 }).getTime()).toBe(slot);
    expect(tickSlot({ id: undefined, opts: { delay: 750 }, timestamp: slot - 750 }).getTime()).toBe(slot);
  });
});
