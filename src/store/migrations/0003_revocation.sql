-- certkeep schema, version 3: published CRLs and job leases.

-- The newest CRL of each issuing CA, shared by every node; crl_number only grows.
CREATE TABLE crl (
  issuer_id BIGINT PRIMARY KEY REFERENCES certificate_authority (id),
  crl_number BIGINT NOT NULL,
  this_update BIGINT NOT NULL,
  next_update BIGINT NOT NULL,
  entries BIGINT NOT NULL,
  reserved_number BIGINT NOT NULL,  -- numbers handed out; crl_number <= reserved_number
  der_base64 TEXT NOT NULL
);

-- Scheduled work: a node runs a job only while it holds the job's unexpired lease.
CREATE TABLE job_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  last_run_at BIGINT NOT NULL DEFAULT 0
);
