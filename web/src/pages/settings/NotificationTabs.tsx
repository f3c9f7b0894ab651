// The three pages of Settings → Notifications: the rules, their message templates, and
// the delivery of the messages (the outbox).

import { NavLink } from 'react-router-dom';

export function NotificationTabs() {
  return (
    <nav className="subnav" aria-label="Notification settings">
      <NavLink to="/settings/notifications" end>
        Rules
      </NavLink>
      <NavLink to="/settings/notifications/templates">Templates</NavLink>
      <NavLink to="/settings/notifications/outbox">Delivery</NavLink>
    </nav>
  );
}
