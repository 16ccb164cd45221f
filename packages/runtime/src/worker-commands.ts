import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** What an admin can ask one worker process: stop taking jobs (`drain`), or take them again. */
export type WorkerCommand = 'drain' | 'resume';

interface CommandMessage {
  id: string;
  command: WorkerCommand;
  /** Where the worker answers once it has done it. */
  replyTo: string;
}

/** The worker's answer: it did it, and drains now or not. */
export interface WorkerAck {
  id: string;
  workerId: string;
  draining: boolean;
}

/** The Redis pub/sub channel a worker listens on for commands addressed to it. */
export const workerCommandChannel = (prefix: string, workerId: string) => `${prefix}:worker-commands:${workerId}`;

/**
 * Sends a command to one worker over Redis pub/sub and waits up to `waitMs` for its answer.
 * Resolves with the answer, or null when none came in time (nobody listened, or the worker was
 * slow): the caller records the request in Postgres too, and the worker reads it there at its
 * next heartbeat, so a missed message delays a command but does not lose it. A connection of its
 * own (a subscribed connection takes no other command); commands are rare.
 */
export async function sendWorkerCommand(
  redis: Redis,
  prefix: string,
  workerId: string,
  command: WorkerCommand,
  waitMs: number,
): Promise<WorkerAck | null> {
  const id = randomUUID();
  const replyTo = `${prefix}:worker-acks:${id}`;
  const subscriber = redis.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  subscriber.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await subscriber.connect();
    const answered = new Promise<WorkerAck | null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
      subscriber.on('message', (channel: string, text: string) => {
        if (channel !== replyTo) return;
        const ack = parse<WorkerAck>(text);
        if (ack?.id !== id) return;
        clearTimeout(timer);
        resolve(ack);
      });
    });
    await subscriber.subscribe(replyTo);
    const message: CommandMessage = { id, command, replyTo };
    const listeners = await redis.publish(workerCommandChannel(prefix, workerId), JSON.stringify(message));
    // Nobody subscribed: the worker is gone or its command connection is down; no use waiting.
    if (listeners === 0) return null;
    return await answered;
  } finally {
    clearTimeout(timer);
    subscriber.disconnect();
  }
}

/**
 * A worker's side: listens on its own channel, runs each command with `handle` and answers once
 * it is done. A connection of its own, which reconnects and subscribes again by itself.
 */
export function listenForWorkerCommands(
  redis: Redis,
  prefix: string,
  workerId: string,
  handle: (command: WorkerCommand) => Promise<{ draining: boolean }>,
  onError: (error: unknown) => void,
) {
  const subscriber = redis.duplicate();
  subscriber.on('error', onError);
  const channel = workerCommandChannel(prefix, workerId);
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const message = parse<CommandMessage>(text);
    if (!message || (message.command !== 'drain' && message.command !== 'resume')) return;
    handle(message.command)
      .then(({ draining }) => {
        const ack: WorkerAck = { id: message.id, workerId, draining };
        return redis.publish(message.replyTo, JSON.stringify(ack));
      })
      .catch(onError);
  });
  const subscribed = subscriber.subscribe(channel).catch(onError);
  return {
    /** Resolves once the channel is subscribed (or subscribing failed; it is tried again on reconnect). */
    subscribed,
    close: () => subscriber.disconnect(),
  };
}

function parse<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
