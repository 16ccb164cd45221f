/**
 * The tags of a trigger or a schedule, by the API's rules (packages/db job-search.ts): up to
 * MAX_TAGS, each 1–40 characters of a-z 0-9 _ . : -, none twice. Checked here too, so the form
 * says what is wrong before anything is sent.
 */
export const MAX_TAGS = 5;
const TAG = /^[a-z0-9_.:-]{1,40}$/;

/** Tags as typed in one field, separated by spaces or commas. */
export const tagsOfText = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** What is wrong with these tags, in words; null when the API takes them. */
export function tagsProblem(tags: readonly string[]): string | null {
  const bad = tags.filter((tag) => !TAG.test(tag));
  if (bad.length > 0) {
    const which = bad.map((tag) => `“${tag.length > 40 ? `${tag.slice(0, 40)}…` : tag}”`).join(', ');
    return `${which} ${bad.length === 1 ? 'is not a tag' : 'are not tags'}: each is 1 to 40 lower-case letters, digits, _ . : or -`;
  }
  if (tags.length > MAX_TAGS) return `At most ${MAX_TAGS} tags (${tags.length} given)`;
  const twice = tags.find((tag, i) => tags.indexOf(tag) !== i);
  if (twice) return `“${twice}” is given twice`;
  return null;
}
