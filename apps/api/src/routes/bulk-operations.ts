import { createHash } from 'node:crypto';
import {
  BULK_ACTIONS,
  BULK_STATES,
  type BulkOperation,
  type BulkSelection,
  CountChangedError,
  SearchTooBroadError,
  TooManyJobsError,
} from '@scheduler/db';
import { checkPatch, InvalidPatchError, previewBulk } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import {
  assertKnownTypes,
  FILTER_PARAM_NAMES,
  filtersOfQuery,
  jobFilterParams,
  searchOf,
} from '../job-search-params.ts';
import { actorOf } from '../plugins/auth.ts';
import { errorSchema, pageParams } from './shared-schemas.ts';

/** Most ids one request may name (a selection of rows; a filter covers more). */
export const MAX_SELECTED_IDS = 1000;

/**
 * A bulk action's filter: GET /api/jobs's filters as a JSON object (the same names and forms:
 * `type`, `status`, `tag`, `payload`, `contains`, `error`, … or `q`, the query language),
 * resolved by the same code, so it matches exactly what the listing lists.
 */
const jobFilterSchema = z
  .strictObject({
    ...jobFilterParams,
    q: z.string().max(2000).optional().describe("The dashboard's query language instead of the typed filters"),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '"from" must not be after "to"', path: ['from'] })
  .refine((f) => f.q === undefined || FILTER_PARAM_NAMES.every((name) => f[name] === undefined), {
    message: 'use "q" or the typed filters (type, status, tag, …), not both',
    path: ['q'],
  });

const selectionFields = {
  action: z
    .enum(BULK_ACTIONS)
    .describe(
      '`cancel` (queued jobs are cancelled, running ones asked to stop), `retry` (failed or cancelled jobs run again ' +
        'as new jobs) or `delete` (finished jobs move to the archive; unfinished ones are refused)',
    ),
  ids: z
    .array(z.uuid({ message: 'must be a job id (a UUID)' }))
    .min(1)
    .max(MAX_SELECTED_IDS)
    .optional()
    .describe(`Selected jobs, 1 to ${MAX_SELECTED_IDS} ids (give \`ids\` or \`filter\`)`),
  filter: jobFilterSchema
    .optional()
    .describe('Every job this filter matches when the operation is created: the same filter as GET /api/jobs'),
  payloadPatch: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "retry only: merged into each job's payload (JSON merge patch: keys replace, objects merge, null removes a " +
        "key); every merged payload is checked against its type's schema before anything happens",
    ),
};

const selectionChecks = <T extends { action: string; ids?: unknown; filter?: unknown; payloadPatch?: unknown }>(
  schema: z.ZodType<T>,
) =>
  schema
    .refine((b) => (b.ids === undefined) !== (b.filter === undefined), {
      message: 'give either "ids" (selected jobs) or "filter" (every job it matches), not both or neither',
      path: ['ids'],
    })
    .refine((b) => b.payloadPatch === undefined || b.action === 'retry', {
      message: 'a payload patch goes with "retry" only',
      path: ['payloadPatch'],
    });

const previewBody = selectionChecks(z.strictObject(selectionFields));
const createBody = selectionChecks(
  z.strictObject({
    ...selectionFields,
    expectedCount: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'The count the person confirmed (from the preview): when the selection matches another number now, the ' +
          'answer is 409 `count_changed` with `matched`, and nothing is done',
      ),
  }),
);

const countsSchema = {
  matched: z.number().int().describe('Jobs in the snapshot taken when the operation was created'),
  done: z.number().int().describe('Acted on: cancelled or asked to stop, retried, archived'),
  refused: z.number().int().describe('Left alone because the lifecycle refuses the action for them now'),
  refusedReasons: z
    .record(z.string(), z.number().int())
    .describe('Refusals by reason, e.g. { "already completed": 12 }'),
  failed: z.number().int().describe('Errors other than a refusal (see `problems`)'),
  untouched: z.number().int().describe('Not reached yet, or never (aborted): matched − done − refused − failed'),
};

const operationSchema = z.object({
  id: z.uuid(),
  action: z.enum(BULK_ACTIONS),
  selection: z
    .object({
      ids: z.number().int().optional().describe('How many ids were selected'),
      filter: z.record(z.string(), z.unknown()).optional().describe('The filter, as given'),
    })
    .describe('What the operation was asked to act on'),
  payloadPatch: z.record(z.string(), z.unknown()).nullable(),
  state: z.enum(BULK_STATES).describe('running, then done, aborted (by `abortedBy`) or failed (`error`)'),
  ...countsSchema,
  error: z.string().nullable(),
  abortedBy: z.string().nullable(),
  createdBy: z.object({ kind: z.string(), userId: z.string().nullable(), clerkUserId: z.string().nullable() }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  updatedAt: z.string(),
});

const toView = (op: BulkOperation): z.infer<typeof operationSchema> => ({
  id: op.id,
  action: op.action,
  selection: 'ids' in op.selection ? { ids: op.selection.ids.length } : { filter: op.selection.filter },
  payloadPatch: op.payloadPatch,
  state: op.state,
  matched: op.matched,
  done: op.done,
  refused: op.refused,
  refusedReasons: op.refusedReasons,
  failed: op.failed,
  untouched: op.untouched,
  error: op.error,
  abortedBy: op.abortedBy,
  createdBy: { kind: op.actorKind, userId: op.actorUserId, clerkUserId: op.actorClerkId },
  createdAt: op.createdAt.toISOString(),
  startedAt: op.startedAt?.toISOString() ?? null,
  finishedAt: op.finishedAt?.toISOString() ?? null,
  updatedAt: op.updatedAt.toISOString(),
});

/** JSON with object keys sorted, so that the same request has one digest however its keys were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type SelectionBody = z.infer<typeof previewBody>;

/** The selection as the store takes it: ids once each, in the order given; or the filter. */
function selectionOf(deps: ApiDeps, body: SelectionBody): BulkSelection {
  if (body.ids) return { ids: [...new Set(body.ids.map((id) => id.toLowerCase()))] };
  const { q, ...typed } = body.filter ?? {};
  const filters = q !== undefined ? filtersOfQuery(q) : typed;
  assertKnownTypes(deps.catalogue, filters.type);
  return { filter: searchOf(filters) };
}

/** 400 naming what the patch breaks, or saying to narrow the filter, before anything is written. */
function asSelectionError(error: unknown): never {
  if (error instanceof InvalidPatchError) {
    throw new HttpError(400, 'invalid_payload_patch', error.message, { problems: error.problems });
  }
  if (error instanceof SearchTooBroadError) {
    throw new HttpError(
      400,
      'search_too_broad',
      `narrow the filter: resolving it ran longer than ${error.timeoutMs} ms. Add a type, a status, a tag, a ` +
        'schedule or dates.',
    );
  }
  throw error;
}

const operationIdParam = z.strictObject({ id: z.uuid({ message: 'must be a bulk operation id (a UUID)' }) });

export const bulkOperationsRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const maxJobs = deps.config.BULK_ACTION_MAX_JOBS;
  // Previews resolve the selection as the listing's search does; recording an operation may
  // take a few times its bound (it writes the snapshot too: see ApiDeps.bulkSelectionPool).
  const { searchPool, bulkSelectionPool } = deps;

  app.post(
    '/bulk-operations/preview',
    {
      onRequest: app.requireAccess('write'),
      schema: {
        summary: 'What a bulk action would do now, without doing it',
        description:
          `Counts the jobs the selection matches (up to ${maxJobs.toLocaleString('en')}; past it \`matchedIsExact\` ` +
          'is false and creating the operation is a 400) and how many the action would act on or leave alone, ' +
          'by reason, as they stand now. The dashboard asks to confirm with `matched` and sends it back as ' +
          "`expectedCount`. A retry's payload patch is checked as creating would check it (400). Writes nothing.",
        tags: ['bulk operations'],
        body: previewBody,
        response: {
          200: z.object({
            matched: z.number().int(),
            matchedIsExact: z.boolean(),
            wouldAct: z.number().int(),
            wouldRefuse: z.record(z.string(), z.number().int()),
            byStatus: z
              .record(z.string(), z.number().int())
              .describe('Matches by status (`stopping`: running and asked to stop; `absent`: ids without a job)'),
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const selection = selectionOf(deps, body);
      if (body.payloadPatch) {
        const patch = body.payloadPatch;
        checkPatchOrThrow(
          patch,
          await deps.bulkOperations.retryablePayloads(selection, maxJobs, searchPool).catch(asSelectionError),
        );
      }
      return previewBulk(deps.bulkOperations, body.action, selection, maxJobs, searchPool).catch(asSelectionError);
    },
  );

  function checkPatchOrThrow(
    patch: Record<string, unknown>,
    jobs: Array<{ jobType: string; payload: Record<string, unknown> }>,
  ) {
    try {
      checkPatch(deps.catalogue, patch, jobs);
    } catch (error) {
      asSelectionError(error);
    }
  }

  app.post(
    '/bulk-operations',
    {
      onRequest: app.requireAccess('write'),
      config: {
        // Once: the same request answered again with the running operation (or replayed) leaves no second row.
        audit: {
          action: 'bulk.create',
          fields: ['action', 'filter', 'ids', 'payloadPatch', 'expectedCount'],
          once: true,
        },
      },
      schema: {
        summary: 'Cancel, retry or delete many jobs: selected ids, or everything a filter matches',
        description:
          'Resolves the selection once, now, to the jobs it matches (a snapshot: jobs created later are not ' +
          'swept in) and answers 201 with the operation, which then runs in the background at ' +
          '`BULK_ACTION_JOBS_PER_SECOND`. Each job goes through the same command as its single action: a ' +
          'completed job is not retried, a running one is asked to stop and its worker stops it, an unfinished ' +
          'one is not deleted; each such refusal is counted by reason. The same request (action, selection and ' +
          'patch) by the same caller while that operation runs answers 200 with it, starting nothing; so does a ' +
          'repeat with the same Idempotency-Key. One audit entry (`bulk.create`) for the whole operation. ' +
          `400: a bad body, a payload patch a matched job's type refuses, or more than ${maxJobs.toLocaleString('en')} ` +
          'matches; 409 `count_changed` (with `matched`) when `expectedCount` differs from the match now.',
        tags: ['bulk operations'],
        body: createBody,
        response: {
          200: operationSchema,
          201: operationSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          409: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const selection = selectionOf(deps, body);
      const principal = request.principal;
      if (!principal || !request.principalKey) throw new HttpError(401, 'unauthorized', 'Sign in first');
      const actor = actorOf(principal);
      const patch = body.payloadPatch ?? null;
      const { operation, created } = await deps.bulkOperations
        .create({
          action: body.action,
          selection,
          // The filter as given (dates as the caller wrote them), shown back with the operation.
          selectionRecord: 'ids' in selection ? selection : { filter: JSON.parse(JSON.stringify(body.filter ?? {})) },
          payloadPatch: patch,
          principal: request.principalKey,
          actorKind: principal.kind,
          actorUserId: actor.startedBy,
          actorClerkId: actor.startedByClerkId,
          requestKey: createHash('sha256')
            .update(canonical({ action: body.action, selection, patch }))
            .digest('hex'),
          maxJobs,
          within: bulkSelectionPool,
          ...(body.expectedCount !== undefined ? { expectedCount: body.expectedCount } : {}),
          ...(patch ? { check: (jobs) => checkPatch(deps.catalogue, patch, jobs) } : {}),
        })
        .catch((error: unknown) => {
          if (error instanceof TooManyJobsError) throw new HttpError(400, 'too_many_jobs', error.message);
          if (error instanceof CountChangedError) {
            throw new HttpError(409, 'count_changed', error.message, { matched: error.matched });
          }
          return asSelectionError(error);
        });
      request.auditTarget = operation.id;
      request.auditRepeat = !created;
      return reply.code(created ? 201 : 200).send(toView(operation));
    },
  );

  app.get(
    '/bulk-operations',
    {
      schema: {
        summary: 'Bulk operations, newest first',
        tags: ['bulk operations'],
        querystring: z
          .strictObject({
            state: z.enum(BULK_STATES).optional(),
            after: z.uuid({ message: 'must be the id of the last operation of the previous page' }).optional(),
            ...pageParams,
          })
          .refine((q) => !q.after || q.page === 1, { message: 'use "after" or "page", not both', path: ['after'] }),
        response: {
          200: z.object({
            operations: z.array(operationSchema),
            total: z.number().int(),
            totalIsExact: z.boolean(),
            nextAfter: z.uuid().nullable().describe('Pass as `after` for the next page'),
          }),
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const { operations, total, totalIsExact } = await deps.bulkOperations.list(request.query);
      const nextAfter = operations.length === request.query.limit ? (operations.at(-1)?.id ?? null) : null;
      return { operations: operations.map(toView), total, totalIsExact, nextAfter };
    },
  );

  app.get(
    '/bulk-operations/:id',
    {
      schema: {
        summary: 'One bulk operation: its progress, counts and the jobs it could not act on',
        description:
          'Poll it (at most once a second) while `state` is `running`: the counts move as the runner works. ' +
          '`problems` lists the first 20 jobs refused or failed, with why.',
        tags: ['bulk operations'],
        params: operationIdParam,
        response: {
          200: operationSchema.extend({
            problems: z.array(
              z.object({ jobId: z.uuid(), outcome: z.enum(['refused', 'failed']), reason: z.string() }),
            ),
          }),
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const operation = await deps.bulkOperations.get(request.params.id);
      if (!operation) throw new HttpError(404, 'not_found', `No bulk operation with id ${request.params.id}`);
      return { ...toView(operation), problems: await deps.bulkOperations.problems(operation.id, 20) };
    },
  );

  app.post(
    '/bulk-operations/:id/abort',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'bulk.abort', fields: [] } },
      schema: {
        summary: 'Stop a running bulk operation',
        description:
          'No further job is acted on (the one under way finishes); what was done stays done and the rest is ' +
          'counted as `untouched`. 409 `not_running` when it has ended already.',
        tags: ['bulk operations'],
        params: operationIdParam,
        response: {
          200: operationSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      request.auditTarget = id;
      const principal = request.principal;
      const by = principal
        ? (actorOf(principal).startedBy ?? actorOf(principal).startedByClerkId ?? principal.kind)
        : '';
      const aborted = await deps.bulkOperations.abort(id, by);
      if (aborted) return toView(aborted);
      const operation = await deps.bulkOperations.get(id);
      if (!operation) throw new HttpError(404, 'not_found', `No bulk operation with id ${id}`);
      throw new HttpError(409, 'not_running', `The operation has ended already (${operation.state})`, {
        state: operation.state,
      });
    },
  );
};
