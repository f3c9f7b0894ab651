import type { ReactNode } from 'react';
import type { ApiError } from '../api/errors';

/** An API error that concerns no one field, as the API words it. */
export function ErrorBanner({ error, children }: { error?: ApiError | null; children?: ReactNode }) {
  if (!error && !children) return null;
  return (
    <div className="banner banner-error" role="alert">
      {error?.description}
      {children}
    </div>
  );
}

/** A success or information message, announced politely. */
export function Notice({ children, tone = 'info' }: { children?: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  if (!children) return null;
  return (
    <div className={`banner banner-${tone}`} role="status">
      {children}
    </div>
  );
}
