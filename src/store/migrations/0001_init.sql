-- certkeep schema, version 1: the CA hierarchy and the audit log.
-- {{ID}} is the dialect's auto-increment primary key (never reused).
-- Times are Unix seconds (BIGINT) in every table.

CREATE TABLE certificate_authority (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('root', 'issuing')),
  parent_id BIGINT REFERENCES certificate_authority (id),
  certificate_pem TEXT NOT NULL,
  key_ref TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id {{ID}},
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
