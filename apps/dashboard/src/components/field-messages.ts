/**
 * The API's validation messages (zod's) in plain words: "Invalid input: expected int, received
 * number" reads "must be a whole number". A message not known here is shown as it came.
 */
const RULES: Array<[RegExp, (...parts: string[]) => string]> = [
  [/expected int, received/, () => 'must be a whole number'],
  [/expected number, received/, () => 'must be a number'],
  [/expected string, received/, () => 'must be text'],
  [/expected boolean, received/, () => 'must be yes or no (a tick box)'],
  [/expected array, received/, () => 'must be a list, separated by commas'],
  [/Too big: expected number to be <=(\S+)/, (n) => `must be at most ${n}`],
  [/Too big: expected number to be <(\S+)/, (n) => `must be less than ${n}`],
  [/Too small: expected number to be >=(\S+)/, (n) => `must be at least ${n}`],
  [/Too small: expected number to be >(\S+)/, (n) => `must be more than ${n}`],
  [/Too big: expected string to have <=(\d+) characters/, (n) => `must be at most ${n} characters long`],
  [/Too small: expected string to have >=(\d+) characters/, (n) => `must be at least ${n} characters long`],
  [/Too big: expected array to have <=(\d+) items/, (n) => `may list at most ${n} items`],
  [/Too small: expected array to have >=(\d+) items/, (n) => `must list at least ${n} ${n === '1' ? 'item' : 'items'}`],
  [/Invalid ISO datetime/, () => 'must be a date and time, e.g. 2026-12-06T14:00:00Z'],
  [/Invalid ISO date/, () => 'must be a date, e.g. 2026-12-06'],
  [/Invalid UUID/, () => 'must be an id (a UUID)'],
  [/Invalid option: expected one of (.*)$/, (options) => `must be one of ${options.replaceAll('|', ', ')}`],
  [/Unrecognized keys?: (.*)$/, (keys) => `this job type takes no field ${keys}`],
];

export function inWords(message: string): string {
  for (const [pattern, words] of RULES) {
    const match = pattern.exec(message);
    if (match) return words(...match.slice(1).map((part) => part ?? ''));
  }
  return message;
}
