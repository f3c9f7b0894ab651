-- certkeep schema, version 11: notification rules (scm-api.md §2.12), a customer's own
-- templates, and the marks that keep an expiry notice to once per rule × object ×
-- threshold.

-- type is SCM's console word ("SSL Expiration"); org_scope ANY, ANYDEPT or SELECTED;
-- org_ids the listed organizations and departments comma-joined with a leading and a
-- trailing comma (",4,9,"), so that ",N," finds a rule listing N with LIKE; notify_roles
-- and recipients JSON arrays of text. days is 0 for types without a threshold;
-- cert_type_id (a profile) NULL for any.
CREATE TABLE notification_rule (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  description TEXT NOT NULL,
  type TEXT NOT NULL,
  active BIGINT NOT NULL,
  org_scope TEXT NOT NULL CHECK (org_scope IN ('ANY', 'ANYDEPT', 'SELECTED')),
  org_ids TEXT NOT NULL,
  notify_roles TEXT NOT NULL,
  recipients TEXT NOT NULL,
  days BIGINT NOT NULL,
  cert_type_id BIGINT,
  freq TEXT NOT NULL CHECK (freq IN ('ONCE', 'DAILY')),
  revoked_by_admin BIGINT NOT NULL,
  revoked_by_user BIGINT NOT NULL
);
CREATE INDEX notification_rule_by_type ON notification_rule (customer_id, type);

CREATE TABLE notification_template (
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  type TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  PRIMARY KEY (customer_id, type)
);

-- object_id is the certificate's (or domain validation's) id; threshold the rule's days,
-- or the day number of a DAILY rule.
CREATE TABLE notification_mark (
  rule_id BIGINT NOT NULL REFERENCES notification_rule (id) ON DELETE CASCADE,
  object_id BIGINT NOT NULL,
  threshold BIGINT NOT NULL,
  PRIMARY KEY (rule_id, object_id, threshold)
);

-- The expiry scan reads a customer's certificates of one status by expiry: the list's index
-- (customer, status) grows expires_at, so one index serves both (and no insert pays for a
-- second one).
DROP INDEX ssl_certificate_by_status;
CREATE INDEX ssl_certificate_by_status ON ssl_certificate (customer_id, status, expires_at);
