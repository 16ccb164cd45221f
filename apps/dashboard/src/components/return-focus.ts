import { useRef } from 'react';

/**
 * What had focus when a dialog opened, read as it opens: a dialog opened by a plain button has
 * no Radix trigger to give focus back to, and one opened from a menu item would give it to an
 * item that is gone, so the menu's own button stands in for it.
 */
function opener(): HTMLElement | null {
  const active = document.activeElement as HTMLElement | null;
  const menu = active?.closest('[role="menu"]');
  if (menu?.id) return document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`);
  return active && active !== document.body ? active : null;
}

/** For a controlled Radix dialog: `onCloseAutoFocus` that gives focus back to what opened it. */
export function useReturnFocus(open: boolean) {
  const from = useRef<HTMLElement | null>(null);
  // Read while rendering the opening: Radix moves focus into the dialog in its effects.
  if (open && from.current === null) from.current = opener();
  return (event: Event) => {
    const target = from.current;
    from.current = null;
    if (target?.isConnected) {
      event.preventDefault();
      target.focus();
    }
  };
}
