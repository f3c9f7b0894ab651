-- certkeep schema, version 8: the SSL certificates of the REST API and the console
-- (scm-api.md §2.1, §3.1): a request, its approval, and once signed its certificate.

-- One request and, once signed, its certificate. status is SCM's word; adding an
-- SslStatus means a new migration that widens this CHECK. names holds every DNS name
-- comma-joined with a leading and a trailing comma (",a.example.org,b.example.org,"),
-- so that a substring, or ",name," exactly, is found with LIKE. requested_via is
-- SCM's display word ("REST API", "Client Admin", ...). renew_id is NULL until one is
-- given. requester_id, approver_id, renewed_from and replaced_by have no foreign key:
-- the row outlives its admins, and links between requests are only followed by id.
CREATE TABLE ssl_certificate (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  org_id BIGINT NOT NULL REFERENCES organization (id),
  profile_id BIGINT NOT NULL REFERENCES certificate_profile (id),
  term_days BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('Requested', 'Approved', 'Applied', 'Issued',
                                         'Declined', 'Rejected', 'Invalid', 'Revoked',
                                         'Expired', 'Replaced')),
  csr TEXT NOT NULL,  -- PEM, as received
  common_name TEXT NOT NULL,  -- lower case
  names TEXT NOT NULL,
  key_type TEXT NOT NULL,
  requester TEXT NOT NULL,
  requester_id BIGINT,
  requested_via TEXT NOT NULL,
  external_requester TEXT NOT NULL,
  comments TEXT NOT NULL,
  custom_fields TEXT NOT NULL,  -- JSON array of {name, value}
  dcv_mode TEXT NOT NULL,
  auto_renew BIGINT NOT NULL,
  auto_renew_days BIGINT NOT NULL,
  renew_id TEXT UNIQUE,
  renewed_from BIGINT,
  replaced_by BIGINT,
  message TEXT NOT NULL,
  approver_id BIGINT,
  certificate_id BIGINT REFERENCES certificate (id),
  serial TEXT NOT NULL,  -- lower-case hex once signed, '' before
  requested_at BIGINT NOT NULL,
  approved_at BIGINT,
  declined_at BIGINT,
  issued_at BIGINT,
  expires_at BIGINT,
  revoked_at BIGINT,
  replaced_at BIGINT,
  revocation_reason BIGINT
);
-- The list of a customer, filtered by status.
CREATE INDEX ssl_certificate_by_status ON ssl_certificate (customer_id, status);
-- FindBySerial.
CREATE INDEX ssl_certificate_by_serial ON ssl_certificate (serial);
-- The expiry and renewal jobs: Issued certificates by expiry.
CREATE INDEX ssl_certificate_expiry ON ssl_certificate (status, expires_at);
-- The renewal job's "no renewal links back to it yet".
CREATE INDEX ssl_certificate_renewed_from ON ssl_certificate (renewed_from);
