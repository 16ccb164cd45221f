import type { JobLogs, LogLevel } from '@scheduler/db';
import type { JobLogger } from '@scheduler/jobs';
import type { Job } from 'bullmq';

/**
 * The logger a handler gets as ctx.log. Every line goes to the process log (pino, with the job
 * id and type bound); info and above are also kept with the job in Postgres (buffered and
 * batched; for GET /api/jobs/:id/logs) and in BullMQ's job log (for Bull Board). Keeping a line
 * never waits and never fails the job.
 */
export function durableJobLog(log: JobLogger, jobLogs: JobLogs | undefined, job: Job): JobLogger {
  const keep = (level: LogLevel, obj: object | string, msg?: string) => {
    const message = msg ?? (typeof obj === 'string' ? obj : '');
    const data = typeof obj === 'object' ? (obj as Record<string, unknown>) : null;
    jobLogs?.append({ jobId: job.id as string, level, message, data });
    job.log(`${level}: ${message}${data ? ` ${JSON.stringify(data)}` : ''}`).catch(() => {});
  };
  return {
    debug: (obj, msg) => log.debug(obj, msg),
    info(obj, msg) {
      log.info(obj, msg);
      keep('info', obj, msg);
    },
    warn(obj, msg) {
      log.warn(obj, msg);
      keep('warn', obj, msg);
    },
    error(obj, msg) {
      log.error(obj, msg);
      keep('error', obj, msg);
    },
  };
}
