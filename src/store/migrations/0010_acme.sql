-- certkeep schema, version 10: the ACME server (RFC 8555) and the external accounts that
-- bind its clients to an organization or department (scm-api.md §2.9).

-- SCM's "ACME account": EAB credentials an admin hands out. key_id is SCM's macId (the
-- JWS kid of RFC 8555 §7.3.4); mac_key the base64url HMAC key, kept as SCM shows it to
-- admins. domains is a JSON array of names orders are limited to ([] = the scope's).
CREATE TABLE acme_external_account (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  org_id BIGINT NOT NULL REFERENCES organization (id),
  name TEXT NOT NULL,
  acme_server TEXT NOT NULL,
  key_id TEXT NOT NULL UNIQUE,
  mac_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'valid', 'deactivated')),
  cert_validation_type TEXT NOT NULL,
  domains TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX acme_external_account_by_customer ON acme_external_account (customer_id, org_id);

-- A client's account key on one directory. thumbprint (RFC 7638) is unique per
-- directory: a key registers once, and newAccount with a known key answers that account.
CREATE TABLE acme_account (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  org_id BIGINT NOT NULL REFERENCES organization (id),
  external_account_id BIGINT REFERENCES acme_external_account (id) ON DELETE SET NULL,
  directory TEXT NOT NULL,
  jwk TEXT NOT NULL,
  thumbprint TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid', 'deactivated', 'revoked')),
  contacts TEXT NOT NULL,  -- JSON array of mailto: URLs
  created_at BIGINT NOT NULL,
  UNIQUE (directory, thumbprint)
);
CREATE INDEX acme_account_by_external ON acme_account (external_account_id);

-- Nonces handed out and not yet used (RFC 8555 §6.5): a nonce is good once, on any node,
-- because using it deletes its row.
CREATE TABLE acme_nonce (
  value TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX acme_nonce_by_expiry ON acme_nonce (expires_at);

-- identifiers is a JSON array of the dns names ordered (a wildcard keeps "*."); error a
-- problem document once the order is invalid; ssl_id the certificate, in the SSL list.
CREATE TABLE acme_order (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES acme_account (id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'ready', 'processing', 'valid',
                                         'invalid')),
  identifiers TEXT NOT NULL,
  profile_id BIGINT NOT NULL REFERENCES certificate_profile (id),
  expires_at BIGINT NOT NULL,
  not_before BIGINT,
  not_after BIGINT,
  error TEXT NOT NULL,
  ssl_id BIGINT REFERENCES ssl_certificate (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX acme_order_by_account ON acme_order (account_id, id);

CREATE TABLE acme_authorization (
  id {{ID}},
  order_id BIGINT NOT NULL REFERENCES acme_order (id),
  account_id BIGINT NOT NULL REFERENCES acme_account (id),
  identifier TEXT NOT NULL,
  wildcard BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'valid', 'invalid', 'deactivated',
                                         'expired', 'revoked')),
  expires_at BIGINT NOT NULL
);
CREATE INDEX acme_authorization_by_order ON acme_authorization (order_id);

CREATE TABLE acme_challenge (
  id {{ID}},
  authorization_id BIGINT NOT NULL REFERENCES acme_authorization (id),
  type TEXT NOT NULL CHECK (type IN ('http-01', 'dns-01', 'tls-alpn-01')),
  token TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'valid', 'invalid')),
  validated_at BIGINT,
  error TEXT NOT NULL
);
CREATE INDEX acme_challenge_by_authorization ON acme_challenge (authorization_id);
