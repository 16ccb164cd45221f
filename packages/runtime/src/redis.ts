import { Redis } from 'ioredis';

/**
 * Workers block on Redis and must retry forever (BullMQ requires maxRetriesPerRequest: null);
 * producers answer HTTP requests and must fail fast when Redis is away.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): Redis {
  if (role === 'worker') {
    return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  }
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    commandTimeout: 2000,
  });
}
