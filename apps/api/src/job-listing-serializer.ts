import type { FastifySchema, FastifySerializerCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';

/**
 * The serializer of a route answering many job views (GET /api/jobs): its 200 answer written by
 * JSON.stringify alone, any other answer through zod as on every route.
 *
 * zod's serializer parses every answer against its schema before writing it: for a page of 50
 * views with payloads, the most CPU a search costs the API (bench/api/README.md, "Search").
 * The views need no such pass: toJobView and toJobSummary build them field by field and take
 * from the stored JSON only the keys the schema names, so zod would give back the same object
 * (apps/api/test/job-search.test.ts checks every key and value are the same).
 */
export const jobListingSerializer = <T extends FastifySchema>(
  route: Parameters<FastifySerializerCompiler<T>>[0],
): ReturnType<FastifySerializerCompiler<T>> =>
  route.httpStatus === '200'
    ? (data) => JSON.stringify(data)
    : serializerCompiler(route as unknown as Parameters<typeof serializerCompiler>[0]);
