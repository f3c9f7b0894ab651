-- certkeep schema, version 7: domain control validation (orders and the validations
-- they produce) and the outbox of email waiting for delivery.

-- The current attempt to prove control of one name of a customer (one per name; a new
-- start replaces it). method is SCM's order mode; state STARTED or SUBMITTED.
CREATE TABLE dcv_order (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  domain_name TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('HTTP', 'HTTPS', 'CNAME', 'TXT', 'EMAIL')),
  state TEXT NOT NULL CHECK (state IN ('STARTED', 'SUBMITTED')),
  token TEXT NOT NULL,
  expected TEXT NOT NULL,
  email TEXT NOT NULL,
  code_hash TEXT NOT NULL,  -- SHA-256 of an email code; the code itself is never stored
  started_by BIGINT,        -- no foreign key: the order outlives its admin
  started_at BIGINT NOT NULL,
  submitted_at BIGINT,
  last_check BIGINT,
  next_check BIGINT,
  last_error TEXT NOT NULL,
  UNIQUE (customer_id, domain_name)
);
CREATE INDEX dcv_order_due ON dcv_order (next_check);

-- A completed validation: the name proved, by which method (SCM's dcvMethod), until when,
-- and the evidence a re-check looks for again. One per name and method.
CREATE TABLE domain_validation (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  proved_name TEXT NOT NULL,
  method TEXT NOT NULL,
  validated_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  token TEXT NOT NULL,
  expected TEXT NOT NULL,
  last_recheck BIGINT,
  recheck_error TEXT NOT NULL,
  UNIQUE (customer_id, proved_name, method)
);
CREATE INDEX domain_validation_expiry ON domain_validation (expires_at);

-- Email waiting for (or done with) delivery. dedup_key is unique when set: a rule ×
-- object × threshold writes one message, however often its job runs.
CREATE TABLE mail_outbox (
  id {{ID}},
  customer_id BIGINT REFERENCES customer (id),
  dedup_key TEXT,
  message_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  sender TEXT NOT NULL,
  recipients TEXT NOT NULL,  -- comma-separated addresses
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  sent_at BIGINT,
  last_error TEXT NOT NULL,
  UNIQUE (dedup_key)
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
