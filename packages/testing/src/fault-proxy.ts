import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/**
 * How a cut looks from the processes behind the proxy:
 * - `reset`: every open connection is reset and new ones are reset as they arrive (the server
 *   went away: ECONNRESET, as a restart or a crashed host shows it);
 * - `hang`: nothing passes either way and nothing is refused (a partition, a frozen server).
 *   Bytes sent meanwhile are held, and `heal` delivers them late, as TCP does after a partition:
 *   the hardest case, a statement that reaches the server after its caller gave up;
 * - `lose-answers`: what the processes send reaches the server, and its answers are dropped (a
 *   link lost on the way back): a statement runs and its caller cannot tell that it did.
 */
export type CutMode = 'reset' | 'hang' | 'lose-answers';

export interface FaultProxy {
  /** Where to point the processes instead of the server. */
  port: number;
  /** `host:port` form of the proxy, for rewriting URLs. */
  url(original: string): string;
  cut(mode: CutMode): void;
  heal(): void;
  /** Open client connections right now. */
  readonly connections: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  held: { toUpstream: Buffer[]; toClient: Buffer[] };
}

/**
 * A TCP proxy a test controls, between the API or worker processes and Postgres or Redis, so a
 * fault test can cut the link without stopping the shared server other tests use.
 */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: CutMode | null = null;
  const pairs = new Set<Pair>();

  const connectUpstream = (pair: Pair) => {
    const upstream = tcpConnect(target.port, target.host);
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('data', (chunk) => forward(pair, 'toClient', chunk));
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    flush(pair);
  };

  const forward = (pair: Pair, direction: 'toUpstream' | 'toClient', chunk: Buffer) => {
    if (mode === 'lose-answers' && direction === 'toClient') return;
    if (mode === 'hang' || (direction === 'toUpstream' && !pair.upstream)) {
      pair.held[direction].push(chunk);
      return;
    }
    (direction === 'toUpstream' ? pair.upstream : pair.client)?.write(chunk);
  };

  const flush = (pair: Pair) => {
    for (const chunk of pair.held.toUpstream.splice(0)) pair.upstream?.write(chunk);
    for (const chunk of pair.held.toClient.splice(0)) pair.client.write(chunk);
  };

  const reset = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.resetAndDestroy();
    pair.upstream?.destroy();
  };

  const server: Server = createServer((client) => {
    const pair: Pair = { client, upstream: null, held: { toUpstream: [], toClient: [] } };
    client.setNoDelay(true);
    client.on('error', () => {});
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    pairs.add(pair);
    client.on('data', (chunk) => forward(pair, 'toUpstream', chunk));
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    // A connection made during a hang reaches the server only when the link heals.
    if (mode !== 'hang') connectUpstream(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    url(original: string) {
      const url = new URL(original);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    cut(how: CutMode) {
      mode = how;
      if (how === 'reset') for (const pair of [...pairs]) reset(pair);
    },
    heal() {
      mode = null;
      for (const pair of pairs) {
        if (pair.upstream) flush(pair);
        else connectUpstream(pair);
      }
    },
    get connections() {
      return pairs.size;
    },
    async close() {
      for (const pair of [...pairs]) reset(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
