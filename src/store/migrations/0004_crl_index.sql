-- certkeep schema, version 4: a covering index for CRLs, so building one reads only the
-- index, in serial order, never the certificate rows (3.5 s -> see bench/crl_store at 1M).
CREATE INDEX certificate_crl ON certificate (issuer_id, status, serial, not_after, revoked_at, revocation_reason);
DROP INDEX certificate_by_issuer_status;
