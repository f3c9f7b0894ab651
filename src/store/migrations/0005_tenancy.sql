-- certkeep schema, version 5: customers (tenants), their organizations and departments,
-- administrators with their credentials, console sessions, and one audit chain per
-- customer with signed checkpoints. Booleans are BIGINT 0/1 in both dialects.

CREATE TABLE customer (
  id {{ID}},
  uri TEXT NOT NULL UNIQUE,  -- the customerUri, matched exactly
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- An organization has no parent; a department's parent is its organization.
CREATE TABLE organization (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  parent_id BIGINT REFERENCES organization (id),
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  secondary_name TEXT NOT NULL,
  address1 TEXT NOT NULL,
  address2 TEXT NOT NULL,
  address3 TEXT NOT NULL,
  city TEXT NOT NULL,
  state_or_province TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  country TEXT NOT NULL,
  contact_emails TEXT NOT NULL,  -- JSON array of strings
  ssl_certs_api_enabled BIGINT NOT NULL,
  client_certs_api_enabled BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- One name per parent; NULL never equals NULL in a unique index, so organizations
-- (no parent) are keyed by 0 instead.
CREATE UNIQUE INDEX organization_name ON organization (customer_id, COALESCE(parent_id, 0), name);
CREATE INDEX organization_by_parent ON organization (parent_id);

CREATE TABLE admin (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  login TEXT NOT NULL,
  email TEXT NOT NULL,
  forename TEXT NOT NULL,
  surname TEXT NOT NULL,
  title TEXT NOT NULL,
  telephone TEXT NOT NULL,
  street TEXT NOT NULL,
  locality TEXT NOT NULL,
  state TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  country TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('STANDARD', 'API', 'IDP')),
  identity_provider_id TEXT NOT NULL,
  idp_person_id TEXT NOT NULL,
  auth_cert_issuer TEXT NOT NULL,
  auth_cert_serial TEXT NOT NULL,
  privileges TEXT NOT NULL,  -- SCM privilege names, sorted, comma-separated
  suspended BIGINT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL,
  password_expires_at BIGINT,
  failed_attempts BIGINT NOT NULL,
  lockouts BIGINT NOT NULL,
  locked_until BIGINT,
  credential_version BIGINT NOT NULL,
  created_by BIGINT,  -- no foreign key: the record outlives its creator
  created_at BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  UNIQUE (customer_id, login)
);

-- A role held at a place (org_id NULL for MRAO). id keeps the order they were given in.
CREATE TABLE admin_credential (
  id {{ID}},
  admin_id BIGINT NOT NULL REFERENCES admin (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  org_id BIGINT REFERENCES organization (id)
);
CREATE INDEX admin_credential_by_admin ON admin_credential (admin_id);
CREATE INDEX admin_credential_by_org ON admin_credential (org_id);

CREATE TABLE console_session (
  token_hash TEXT PRIMARY KEY,  -- hex SHA-256 of the cookie value
  admin_id BIGINT NOT NULL REFERENCES admin (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  credential_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX console_session_by_admin ON console_session (admin_id);

-- One audit chain per customer; every record so far is certkeep's own (customer 0).
ALTER TABLE audit_log ADD COLUMN customer_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_by_customer ON audit_log (customer_id, id);
CREATE INDEX audit_log_by_customer_at ON audit_log (customer_id, at);

-- Each chain's head, the row a writer locks so two writers never fork the chain.
-- head_id 0 is an empty chain.
CREATE TABLE audit_chain (
  customer_id BIGINT PRIMARY KEY,
  head_id BIGINT NOT NULL,
  head_hash TEXT NOT NULL
);
INSERT INTO audit_chain (customer_id, head_id, head_hash)
  SELECT 0, id, hash FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log);

-- Signed statements of a chain's head (core::AuditCheckpoint).
CREATE TABLE audit_checkpoint (
  id {{ID}},
  customer_id BIGINT NOT NULL,
  audit_id BIGINT NOT NULL,
  hash TEXT NOT NULL,
  at BIGINT NOT NULL,
  signature TEXT NOT NULL  -- base64
);
CREATE INDEX audit_checkpoint_by_customer ON audit_checkpoint (customer_id, id);
