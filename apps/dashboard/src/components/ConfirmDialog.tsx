import { AlertDialog } from 'radix-ui';
import type { ReactNode } from 'react';
import './dialog.css';
import { useReturnFocus } from './return-focus.ts';

/**
 * Asks before something that cannot be taken back (an email to many people, a removal): says
 * what will happen, and does it only on the explicit button. Escape or Keep it closes it and does
 * nothing; focus starts on the safe choice and goes back where it was.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  onConfirm,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
}) {
  const returnFocus = useReturnFocus(open);
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content onCloseAutoFocus={returnFocus} className="dialog">
          <AlertDialog.Title className="dialog-title">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="dialog-description">{children}</div>
          </AlertDialog.Description>
          <div className="actions dialog-actions">
            <AlertDialog.Cancel asChild>
              <button type="button">Keep it as it is</button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button type="button" className="confirm" onClick={onConfirm}>
                {confirmLabel}
              </button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
