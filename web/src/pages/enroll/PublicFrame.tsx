// The frame of the pages for people without an admin account (self-enrollment and the
// status link of its email): the certkeep bar and the page, nothing of the console — no
// navigation, no sign-out, no call to the admin API.

import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { ErrorBanner } from '../../components/Banner';
import { PageTitle } from '../../components/PageTitle';
import { kInvalidLink } from '../../lib/enrollSteps';

export function PublicFrame() {
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);

  // A new page: focus its heading, as a page load would (Layout does the same).
  useEffect(() => {
    const h1 = mainRef.current?.querySelector('h1');
    if (h1 instanceof HTMLElement) h1.focus();
  }, [location.pathname]);

  return (
    <div className="app public-frame">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">certkeep</span>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** /enroll with no token, or a path under it that is no page. */
export function InvalidEnrollLink() {
  return (
    <>
      <PageTitle title="Request an SSL certificate">Request an SSL certificate</PageTitle>
      <ErrorBanner>{kInvalidLink}</ErrorBanner>
    </>
  );
}
