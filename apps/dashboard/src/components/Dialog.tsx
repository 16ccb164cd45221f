import { Dialog as RadixDialog } from 'radix-ui';
import type { ReactNode } from 'react';
import './dialog.css';
import { useReturnFocus } from './return-focus.ts';

/**
 * A modal panel for a task on top of a page (editing one thing): focus moves into it, Escape or
 * Close closes it, and focus goes back to what opened it.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const returnFocus = useReturnFocus(open);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          onCloseAutoFocus={returnFocus}
          className="dialog dialog-wide"
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <div className="dialog-head">
            <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
            <RadixDialog.Close asChild>
              <button type="button" className="link">
                Close
              </button>
            </RadixDialog.Close>
          </div>
          {description ? <RadixDialog.Description className="muted">{description}</RadixDialog.Description> : null}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
