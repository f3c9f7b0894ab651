// The console's frame, laid out like SCM's: Dashboard, Certificates (and their Reports),
// Domains, Admins, Settings. On a phone the navigation folds behind a Menu button.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useMe, useSession } from '../session/SessionProvider';

const kSections: { to: string; label: string; end?: boolean; group?: string }[] = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/certificates/ssl', label: 'SSL certificates', group: 'Certificates' },
  { to: '/reports', label: 'Reports' },
  { to: '/domains', label: 'Domains' },
  { to: '/admins', label: 'Admins' },
  { to: '/settings/organizations', label: 'Organizations', group: 'Settings' },
  { to: '/settings/notifications', label: 'Notifications' },
];

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);

  // A new page: close the menu and move focus to its heading, as a page load would.
  useEffect(() => {
    setMenuOpen(false);
    const h1 = mainRef.current?.querySelector('h1');
    if (h1 instanceof HTMLElement) h1.focus();
  }, [location.pathname]);

  const roles = me.credentials.map((c) => c.role).join(', ');
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">certkeep</span>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <div className="whoami">
          <span>
            Signed in as <strong>{me.login}</strong>
            {roles && <span className="roles"> ({roles})</span>}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <div className="frame">
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'nav open' : 'nav'}>
          <ul>
            {kSections.map((s) => (
              <li key={s.to}>
                {s.group && <span className="nav-group">{s.group}</span>}
                <NavLink to={s.to} end={s.end}>
                  {s.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={mainRef} tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
