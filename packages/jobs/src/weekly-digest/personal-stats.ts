import type { TopDiscovery } from '../stumbleable/index.ts';

/** How personal a run was: who had a history, who got the week's top, what topics went out. */
export function createPersonalStats() {
  let withHistory = 0;
  let fallback = 0;
  let nothingNew = 0;
  const itemsPerTopic: Record<string, number> = {};
  return {
    note(history: boolean, items: readonly TopDiscovery[]) {
      if (items.length === 0) nothingNew++;
      else if (history) withHistory++;
      else fallback++;
      for (const item of items) {
        const topic = item.topics[0] ?? '(none)';
        itemsPerTopic[topic] = (itemsPerTopic[topic] ?? 0) + 1;
      }
    },
    summary: () => ({ withHistory, fallback, nothingNew, itemsPerTopic }),
  };
}
