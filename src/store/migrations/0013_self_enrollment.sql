-- certkeep schema, version 13: self-enrollment. Per organization or department, the form's
-- settings (its URL token, the access code's argon2id hash, what it offers); the sessions
-- a right access code opens; and each request made through the form, with the token of
-- the status link mailed to its requester.

-- server_software, ssl_types and allowed_email_domains are JSON arrays.
CREATE TABLE self_enrollment (
  org_id BIGINT PRIMARY KEY REFERENCES organization (id),
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  enabled BIGINT NOT NULL,
  access_mode TEXT NOT NULL CHECK (access_mode IN ('ACCESS_CODE', 'SAML')),
  token TEXT NOT NULL UNIQUE,
  access_code_hash TEXT NOT NULL,
  access_code_set_at BIGINT,
  auto_approve BIGINT NOT NULL,
  server_software TEXT NOT NULL,
  ssl_types TEXT NOT NULL,
  allowed_email_domains TEXT NOT NULL
);

-- token_hash is the SHA-256 (hex) of the cookie's value; code_set_at the access code the
-- session was opened with (a new code ends every session of the old one).
CREATE TABLE enrollment_session (
  token_hash TEXT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES organization (id),
  csrf_token TEXT NOT NULL,
  code_set_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX enrollment_session_expiry ON enrollment_session (expires_at);

-- reference is what the requester is shown; status_token the path segment of the status
-- link (read-only: the request's status and, once issued, its public certificate).
CREATE TABLE enrollment_request (
  ssl_id BIGINT PRIMARY KEY REFERENCES ssl_certificate (id),
  reference TEXT NOT NULL UNIQUE,
  status_token TEXT NOT NULL UNIQUE,
  requester_name TEXT NOT NULL,
  requester_email TEXT NOT NULL,
  server_software TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
