import { useEffect, type ReactNode } from 'react';

/** The page's one <h1> (focusable, so navigation can move focus to it) and the tab title. */
export function PageTitle({ children, title, actions }: { children: ReactNode; title: string; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · certkeep`;
  }, [title]);
  return (
    <div className="page-title">
      <h1 tabIndex={-1}>{children}</h1>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
