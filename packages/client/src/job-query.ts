/**
 * The query language of the dashboard's job search, e.g.
 *
 *   type:weekly_digest status:failed payload.isoWeek:2026-W48 tag:backfill "ECONNRESET"
 *
 * parsed into GET /api/jobs's typed parameters, and written back. Pure (no Node, no DOM): the
 * dashboard parses as it is typed, the API parses `q=` with this same module, so both read a
 * query alike.
 *
 * Terms, separated by spaces, all of which must hold:
 *   type:a,b            the job type (any of a comma list)
 *   status:failed,cancelled   the stored status (any of a comma list)
 *   tag:x               carries tag x (repeat for several: all of them)
 *   schedule:name       created by that schedule
 *   id:3fa85f64         the id starts with these hex digits
 *   startedBy:who       a users.id, service or scheduler
 *   from:2026-12-01 to:2026-12-05   created from / up to (a date includes its day)
 *   payload.a.b:value   the payload's key path equals the value (text, number or boolean)
 *   payload:{"a":1}     the payload contains this JSON
 *   error:"text", "quoted text" or bare words   the error contains the text (any case)
 * A value with spaces is quoted: payload.title:"hello world".
 */

/** A search as GET /api/jobs takes it (typed parameters, before the API checks the values). */
export interface JobQuery {
  type?: string[];
  status?: string[];
  tag?: string[];
  schedule?: string;
  /** The start of an id, as typed (dashes allowed). */
  id?: string;
  startedBy?: string;
  from?: string;
  to?: string;
  /** Key paths (dotted) equal to values. */
  payload?: Array<{ path: string; value: string }>;
  /** JSON the payload contains. */
  contains?: Record<string, unknown>;
  /** Text the error contains. */
  error?: string;
}

/** Why a query could not be read: the term, and what to write instead. */
export interface QueryProblem {
  term: string;
  message: string;
}

export type ParsedQuery = { ok: true; query: JobQuery } | { ok: false; problems: QueryProblem[] };

/** The keys of the language, for help texts and messages. */
export const QUERY_KEYS = [
  'type',
  'status',
  'tag',
  'schedule',
  'id',
  'startedBy',
  'from',
  'to',
  'payload.<path>',
  'payload',
  'error',
] as const;

/** The tag rule of packages/db (JOB_TAG_PATTERN, MAX_JOB_TAGS); a test checks the two agree. */
export const TAG_PATTERN = /^[a-z0-9_.:-]{1,40}$/;
export const MAX_TAGS = 5;
/** A payload key: letters, digits, `_` and `-`; a path has at most this many. */
export const PAYLOAD_KEY_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
export const MAX_PAYLOAD_DEPTH = 8;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/;
const ID_PATTERN = /^[0-9a-fA-F-]{1,36}$/;
const SINGLE_KEYS = ['schedule', 'id', 'startedBy', 'from', 'to'] as const;

interface Token {
  /** As written, for messages. */
  raw: string;
  key: string | null;
  value: string;
  /** The value was a quoted string (a key's value, or free text). */
  quoted: boolean;
}

/** Reads a quoted string at `start` (a `"`): its value and the index after it, or null when unterminated. */
function readQuoted(input: string, start: number): { value: string; end: number } | null {
  let value = '';
  for (let i = start + 1; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '\\' && i + 1 < input.length) {
      value += input[++i];
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  return null;
}

/** Reads a JSON object at `start` (a `{`) up to its matching brace, strings respected. */
function readBraced(input: string, start: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = start; i < input.length; i++) {
    const c = input[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return null;
}

function tokenize(input: string): { tokens: Token[]; problems: QueryProblem[] } {
  const tokens: Token[] = [];
  const problems: QueryProblem[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i] as string)) {
      i++;
      continue;
    }
    const start = i;
    if (input[i] === '"') {
      const quoted = readQuoted(input, i);
      if (!quoted) {
        problems.push({ term: input.slice(start), message: 'a quote is not closed: add the closing "' });
        break;
      }
      tokens.push({ raw: input.slice(start, quoted.end), key: null, value: quoted.value, quoted: true });
      i = quoted.end;
      continue;
    }
    const keyMatch = /^([A-Za-z][A-Za-z0-9_.-]*):/.exec(input.slice(i));
    if (keyMatch) {
      const key = keyMatch[1] as string;
      i += keyMatch[0].length;
      if (input[i] === '"') {
        const quoted = readQuoted(input, i);
        if (!quoted) {
          problems.push({ term: input.slice(start), message: 'a quote is not closed: add the closing "' });
          break;
        }
        tokens.push({ raw: input.slice(start, quoted.end), key, value: quoted.value, quoted: true });
        i = quoted.end;
        continue;
      }
      if (input[i] === '{') {
        const end = readBraced(input, i);
        if (end === null) {
          problems.push({ term: input.slice(start), message: 'a { is not closed: the JSON needs its closing }' });
          break;
        }
        tokens.push({ raw: input.slice(start, end), key, value: input.slice(i, end), quoted: false });
        i = end;
        continue;
      }
    }
    let end = i;
    while (end < input.length && !/\s/.test(input[end] as string)) end++;
    const raw = input.slice(start, end);
    tokens.push(
      keyMatch
        ? { raw, key: keyMatch[1] as string, value: input.slice(i, end), quoted: false }
        : { raw, key: null, value: raw, quoted: false },
    );
    i = end;
  }
  return { tokens, problems };
}

const commaList = (value: string) => value.split(',').map((item) => item.trim());

/** Reads a query; every term it cannot read is a problem that names it. */
export function parseJobQuery(input: string): ParsedQuery {
  const { tokens, problems } = tokenize(input);
  const query: JobQuery = {};
  const text: string[] = [];
  const problem = (token: Token, message: string) => problems.push({ term: token.raw, message });

  for (const token of tokens) {
    const { key, value } = token;
    if (key === null) {
      text.push(value);
      continue;
    }
    if (value === '' && !token.quoted) {
      problem(token, `"${key}:" needs a value, e.g. ${key}:something`);
      continue;
    }
    if (key === 'type' || key === 'status' || key === 'tag') {
      const items = commaList(value);
      if (items.some((item) => item === '')) {
        problem(token, `${key}: an empty item in the list; write ${key}:a,b`);
        continue;
      }
      if (key === 'tag') {
        const bad = items.find((tag) => !TAG_PATTERN.test(tag));
        if (bad !== undefined) {
          problem(
            token,
            `tag "${bad}" must be 1 to 40 characters of lower-case letters, digits, "_", ".", ":" and "-"`,
          );
          continue;
        }
      }
      const list = [...(query[key] ?? []), ...items.filter((item) => !(query[key] ?? []).includes(item))];
      if (key === 'tag' && list.length > MAX_TAGS) {
        problem(token, `at most ${MAX_TAGS} tags`);
        continue;
      }
      query[key] = [...new Set(list)];
    } else if ((SINGLE_KEYS as readonly string[]).includes(key)) {
      const single = key as (typeof SINGLE_KEYS)[number];
      if (query[single] !== undefined && query[single] !== value) {
        problem(token, `${key}: is given twice; keep one`);
        continue;
      }
      if ((single === 'from' || single === 'to') && !DATE_PATTERN.test(value)) {
        problem(token, `${key}: must be a date (2026-11-28) or a date-time (2026-11-28T09:00:00Z)`);
        continue;
      }
      if (single === 'id' && !ID_PATTERN.test(value)) {
        problem(token, 'id: must be the start of a job id (hexadecimal digits, e.g. 3fa85f64)');
        continue;
      }
      query[single] = value;
    } else if (key === 'error') {
      text.push(value);
    } else if (key === 'payload') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problem(token, 'payload: must be a JSON object the payload contains, e.g. payload:{"dryRun":true}');
        continue;
      }
      if (query.contains) {
        problem(token, 'payload: containment is given twice; merge them into one JSON object');
        continue;
      }
      query.contains = parsed as Record<string, unknown>;
    } else if (key.startsWith('payload.')) {
      const path = key.slice('payload.'.length);
      const keys = path.split('.');
      if (keys.length > MAX_PAYLOAD_DEPTH || keys.some((k) => !PAYLOAD_KEY_PATTERN.test(k))) {
        problem(
          token,
          `${key}: a payload path is up to ${MAX_PAYLOAD_DEPTH} keys of letters, digits, "_" and "-", joined by dots`,
        );
        continue;
      }
      query.payload = [...(query.payload ?? []), { path, value }];
    } else {
      problem(
        token,
        `unknown key "${key}" (known: ${QUERY_KEYS.join(', ')}); to search errors for text with a colon, quote it`,
      );
    }
  }
  if (text.length > 0) query.error = text.join(' ');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, query };
}

/** A value as a term writes it: bare when that reads back the same, else quoted. */
const valueText = (value: string) =>
  /^[^\s"{]\S*$/.test(value) && !value.includes('"') ? value : `"${value.replace(/[\\"]/g, '\\$&')}"`;

/** The query as text, in a fixed order: parseJobQuery reads it back to the same query. */
export function serializeJobQuery(query: JobQuery): string {
  const terms: string[] = [];
  if (query.type?.length) terms.push(`type:${query.type.join(',')}`);
  if (query.status?.length) terms.push(`status:${query.status.join(',')}`);
  for (const tag of query.tag ?? []) terms.push(`tag:${tag}`);
  if (query.schedule !== undefined) terms.push(`schedule:${valueText(query.schedule)}`);
  for (const { path, value } of query.payload ?? []) terms.push(`payload.${path}:${valueText(value)}`);
  if (query.contains) terms.push(`payload:${JSON.stringify(query.contains)}`);
  if (query.id !== undefined) terms.push(`id:${query.id}`);
  if (query.startedBy !== undefined) terms.push(`startedBy:${valueText(query.startedBy)}`);
  if (query.from !== undefined) terms.push(`from:${query.from}`);
  if (query.to !== undefined) terms.push(`to:${query.to}`);
  if (query.error !== undefined && query.error !== '') {
    // Bare only when it cannot be read as a key:value term.
    terms.push(/^[^\s":{]+$/.test(query.error) ? query.error : `"${query.error.replace(/[\\"]/g, '\\$&')}"`);
  }
  return terms.join(' ');
}

/** GET /api/jobs's query parameters for a query (repeated ones as arrays). */
export function jobQueryParams(query: JobQuery): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  if (query.type?.length) params.type = query.type.join(',');
  if (query.status?.length) params.status = query.status.join(',');
  if (query.tag?.length) params.tag = query.tag;
  if (query.schedule !== undefined) params.schedule = query.schedule;
  if (query.payload?.length) params.payload = query.payload.map(({ path, value }) => `${path}=${value}`);
  if (query.contains) params.contains = JSON.stringify(query.contains);
  if (query.id !== undefined) params.idPrefix = query.id;
  if (query.startedBy !== undefined) params.startedBy = query.startedBy;
  if (query.from !== undefined) params.from = query.from;
  if (query.to !== undefined) params.to = query.to;
  if (query.error !== undefined && query.error !== '') params.error = query.error;
  return params;
}

/** Whether a query asks for nothing (every job). */
export const isEmptyQuery = (query: JobQuery) => Object.keys(jobQueryParams(query)).length === 0;
