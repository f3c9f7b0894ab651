-- certkeep schema, version 2: certificate profiles and the certificates the CA issues.

CREATE TABLE certificate_profile (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  definition TEXT NOT NULL,  -- JSON, see store/internal/profile_json.cpp
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- A row is written with status 'reserved' and its serial BEFORE the certificate is
-- signed, and becomes 'issued' with its PEM in the transaction after signing: a crash in
-- between leaves a reserved serial that is never reused, never a signed certificate
-- without its record.
CREATE TABLE certificate (
  id {{ID}},
  serial TEXT NOT NULL UNIQUE,
  issuer_id BIGINT NOT NULL REFERENCES certificate_authority (id),
  profile_id BIGINT NOT NULL REFERENCES certificate_profile (id),
  status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'revoked')),
  subject TEXT NOT NULL,
  names TEXT NOT NULL,  -- JSON array
  not_before BIGINT NOT NULL,
  not_after BIGINT NOT NULL,
  pem TEXT NOT NULL DEFAULT '',
  revoked_at BIGINT,
  revocation_reason BIGINT,
  created_at BIGINT NOT NULL
);

-- CRLs list an issuer's revoked, unexpired certificates in serial order.
CREATE INDEX certificate_by_issuer_status ON certificate (issuer_id, status, serial);
