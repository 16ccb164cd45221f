/**
 * Where to go after signing in, from the page's `next` parameter (set by the API when it sent
 * a browser from /docs or Bull Board to sign in): an address of this site, or null (stay on the
 * dashboard). The parameter is resolved as the browser would resolve it, so the tricks that
 * make a "path" another host (`/\evil`, `/<tab>/evil`, `//evil`, `https:evil`) end up naming
 * another origin and are refused; the absolute address is returned, so a path such as
 * `//evil` can never be read as protocol-relative later.
 */
export function nextUrl(next: string | null, pageOrigin: string): string | null {
  if (!next) return null;
  let url: URL;
  try {
    url = new URL(next, pageOrigin);
  } catch {
    return null;
  }
  if (url.origin !== pageOrigin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return url.href;
}
