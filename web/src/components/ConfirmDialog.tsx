// A modal question on the native <dialog>: it traps focus, Escape cancels, and focus
// returns to the button that opened it.

import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../api/errors';
import { ErrorBanner } from './Banner';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** Explanation and any fields (a message, a reason). */
  children?: ReactNode;
  confirmLabel: string;
  /** A red button, for what cannot be undone. */
  danger?: boolean;
  busy?: boolean;
  error?: ApiError | null;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, danger, busy, error, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal?.();
    if (!open && d.open) d.close();
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onConfirm();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      {open && (
        <form onSubmit={submit}>
          <h2 id="dialog-title">{title}</h2>
          <div className="dialog-body">{children}</div>
          <ErrorBanner error={error} />
          <div className="actions">
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
              {busy ? 'Working…' : confirmLabel}
            </button>
            <button type="button" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
