import { describe, expect, it } from 'vitest';
import { inWords } from '../src/components/field-messages.ts';
import { fieldErrors } from '../src/components/SchemaForm.tsx';

describe('validation messages in plain words', () => {
  it.each([
    ['Invalid input: expected int, received number', 'must be a whole number'],
    ['Invalid input: expected string, received number', 'must be text'],
    ['Invalid input: expected boolean, received string', 'must be yes or no (a tick box)'],
    ['Too big: expected number to be <=100', 'must be at most 100'],
    ['Too small: expected number to be >=1', 'must be at least 1'],
    ['Too small: expected number to be >0', 'must be more than 0'],
    ['Too big: expected string to have <=500 characters', 'must be at most 500 characters long'],
    ['Too small: expected array to have >=1 items', 'must list at least 1 item'],
    ['Invalid ISO datetime', 'must be a date and time, e.g. 2026-12-06T14:00:00Z'],
    ['Invalid ISO date', 'must be a date, e.g. 2026-12-06'],
    ['must look like 2026-W48', 'must look like 2026-W48'],
  ])('%s → %s', (message, words) => {
    expect(inWords(message)).toBe(words);
  });

  it('puts the first problem of each field beside it', () => {
    expect(
      fieldErrors({
        problems: [
          'payload.isoWeek: must look like 2026-W48',
          'payload.isoWeek: is not a week of that year',
          'payload.topCount: Too small: expected number to be >=1',
        ],
      }),
    ).toEqual({ isoWeek: 'must look like 2026-W48', topCount: 'must be at least 1' });
  });
});
