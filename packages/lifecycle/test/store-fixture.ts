import { createTestDatabase, type TestDatabase } from '@scheduler/testing';
import { afterAll, beforeAll } from 'vitest';
import { createLifecycleStore, type LifecycleStore } from '../src/index.ts';

/** The test file's own database (set before its tests run; read it inside them). */
export let db: TestDatabase;
/** A lifecycle store on `db`. */
export let lifecycle: LifecycleStore;

/** Opens `db` and `lifecycle` before the calling file's tests, and drops the database after them. */
export function useLifecycleStore(): void {
  beforeAll(async () => {
    db = await createTestDatabase();
    lifecycle = createLifecycleStore(db.sql);
  });
  afterAll(async () => {
    await db?.drop();
  });
}
