import type { JobSummary } from '../data/types.ts';
import { type Batch, emptyBatch, isNewer } from './apply.ts';

/** Applied at most this often, whatever the event rate: a list re-renders a few times a second. */
export const FLUSH_MS = 300;
/** New jobs kept per batch; past this lists are read again instead of patched. */
const MAX_CREATED = 200;

export type HoldReason = 'paused' | 'pointer';

export interface FeedState {
  paused: boolean;
  /** Held by anything (the pause button or the pointer resting on a table). */
  holding: boolean;
  /** Events received and not applied yet. */
  held: number;
}

/**
 * Between the event stream and the cache: events are buffered (the newest summary per job), and
 * the buffer is handed to `apply` at most every FLUSH_MS. The reader's pause holds everything.
 * The pointer resting on a table holds what would move rows (new jobs coming in, a list read
 * again): what changes a row in place (its status, its progress) still shows, so a row under the
 * pointer stays put and never shows an old state. Releasing the last hold applies what was held
 * at once.
 */
export class LiveFeed {
  private batch = emptyBatch();
  private count = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private countTimer: ReturnType<typeof setTimeout> | null = null;
  private holds = new Set<HoldReason>();
  private listeners = new Set<() => void>();
  private state: FeedState = { paused: false, holding: false, held: 0 };

  /** `insert` false: patch shown rows in place only (the pointer holds the rest). */
  constructor(private readonly apply: (batch: Batch, insert: boolean) => void) {}

  push(kind: string, job: JobSummary) {
    const known = this.batch.jobs.get(job.id);
    if (!known || isNewer(job, known)) this.batch.jobs.set(job.id, job);
    if (kind === 'created') {
      this.batch.created.push(job);
      if (this.batch.created.length > MAX_CREATED) {
        this.batch.created.shift();
        this.batch.overflow = true;
      }
    }
    this.count++;
    // While paused, the count of held updates is shown: it too changes a few times a second at most.
    if (this.holds.has('paused')) {
      this.countTimer ??= setTimeout(() => {
        this.countTimer = null;
        this.publish();
      }, FLUSH_MS);
    } else this.schedule();
  }

  hold(reason: HoldReason, on: boolean) {
    const had = this.holds.size > 0;
    if (on) this.holds.add(reason);
    else this.holds.delete(reason);
    if (had && this.holds.size === 0) this.flush();
    this.publish();
  }

  get holding() {
    return this.holds.size > 0;
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  snapshot = () => this.state;

  close() {
    if (this.timer) clearTimeout(this.timer);
    if (this.countTimer) clearTimeout(this.countTimer);
    this.timer = null;
    this.countTimer = null;
  }

  private schedule() {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, FLUSH_MS);
  }

  private flush() {
    if (this.holds.has('paused') || this.count === 0) return;
    if (this.holds.has('pointer')) {
      // Rows change in place; what would move them waits, with the batch, for the pointer to leave.
      this.apply({ ...emptyBatch(), jobs: this.batch.jobs }, false);
      // Kept for the release: only the new jobs (in their newest state), which have no row yet.
      const waiting = new Set(this.batch.created.map((job) => job.id));
      this.batch.jobs = new Map([...this.batch.jobs].filter(([id]) => waiting.has(id)));
      this.count = this.batch.jobs.size + (this.batch.overflow ? 1 : 0);
      this.publish();
      return;
    }
    const batch = this.batch;
    this.batch = emptyBatch();
    this.count = 0;
    this.apply(batch, true);
    this.publish();
  }

  private publish() {
    const next = {
      paused: this.holds.has('paused'),
      holding: this.holds.size > 0,
      held: this.holds.has('paused') ? this.count : this.holding ? this.batch.created.length : 0,
    };
    if (next.paused === this.state.paused && next.holding === this.state.holding && next.held === this.state.held) {
      return;
    }
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
