import { type ReactNode, useEffect, useRef } from 'react';
import { Link, useLocation, useRoute } from 'wouter';

export const CONTENT_ID = 'content';

/** Puts the keyboard focus on the page's main content (its landmark takes focus, not tab stops). */
function focusContent() {
  const main = document.getElementById(CONTENT_ID);
  if (!main) return;
  main.focus();
  main.scrollIntoView({ block: 'start' });
}

/** The first tab stop on every page: jumps over the header and navigation to the content. */
export function SkipLink() {
  return (
    <a
      className="skip-link"
      href={`#${CONTENT_ID}`}
      onClick={(event) => {
        // The router owns the address: focus the content without adding a #fragment to it.
        event.preventDefault();
        focusContent();
      }}
    >
      Skip to content
    </a>
  );
}

/**
 * A link of the main navigation, marked as the current page where it leads (nested pages too,
 * unless `exact`: a tab whose sibling tabs are nested under it).
 */
export function NavLink({ href, exact = false, children }: { href: string; exact?: boolean; children: ReactNode }) {
  const [here] = useRoute(href);
  const [nested] = useRoute(href === '/' ? '/' : `${href}/*`);
  const current = here || (nested && !exact);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** How long a page may take to show its heading (lazy pages load, then ask the API) before focus lands on main. */
const HEADING_WAIT_MS = 3000;

/**
 * After a client-side navigation, moves focus to the new page's heading, as a page load would
 * (a screen reader then reads where the person landed). Pages show their h1 once loaded, so this
 * waits for it, and falls back to the main landmark.
 */
export function FocusOnNavigate() {
  const [location] = useLocation();
  // The location focus was last placed for: the first render (and React's development re-run of
  // effects) keeps the browser's focus.
  const placedFor = useRef(location);
  useEffect(() => {
    if (placedFor.current === location) return;
    placedFor.current = location;
    const main = document.getElementById(CONTENT_ID);
    if (!main) return;
    const focusHeading = () => {
      // While a lazy page loads, React keeps the previous page in the DOM, hidden: skip its heading.
      const heading = [...main.querySelectorAll('h1')].find((h) => h.getClientRects().length > 0);
      if (!heading) return false;
      // Headings are not tab stops; -1 lets script focus them without adding one.
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      window.scrollTo({ top: 0 });
      return document.activeElement === heading;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) stop();
    });
    const timer = setTimeout(() => {
      stop();
      focusContent();
    }, HEADING_WAIT_MS);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
    };
    observer.observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
    return stop;
  }, [location]);
  return null;
}
