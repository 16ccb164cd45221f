/** A held slot; `release` is idempotent. */
export interface StreamSlot {
  release(): void;
}

export type SlotRefusal = { refused: string; open: number; limit: number; scope: 'principal' | 'total' };

/**
 * Counts open event streams per principal and in all, so no caller (nor all of them together)
 * can hold more than a bounded number: each stream costs a socket, a listener on the hub and
 * up to its buffer of memory.
 */
export function createStreamSlots(limits: { perPrincipal: number; total: number }) {
  const byPrincipal = new Map<string, number>();
  let total = 0;

  return {
    get total() {
      return total;
    },

    /** A slot for `key`, or why there is none (with the figures the 429 reports). */
    take(key: string): StreamSlot | SlotRefusal {
      const mine = byPrincipal.get(key) ?? 0;
      if (mine >= limits.perPrincipal) {
        return {
          refused: `${mine} event streams are open for this caller, the most one caller may hold (${limits.perPrincipal}); close one (another tab?) and try again`,
          open: mine,
          limit: limits.perPrincipal,
          scope: 'principal',
        };
      }
      if (total >= limits.total) {
        return {
          refused: `This API process has ${total} event streams open, the most it serves (${limits.total}); try again shortly`,
          open: total,
          limit: limits.total,
          scope: 'total',
        };
      }
      byPrincipal.set(key, mine + 1);
      total++;
      let held = true;
      return {
        release() {
          if (!held) return;
          held = false;
          total--;
          const left = (byPrincipal.get(key) ?? 1) - 1;
          if (left > 0) byPrincipal.set(key, left);
          else byPrincipal.delete(key);
        },
      };
    },
  };
}

export type StreamSlots = ReturnType<typeof createStreamSlots>;
