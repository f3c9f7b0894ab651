-- certkeep schema, version 15: an issuance no longer writes to indexes at random places
-- it has no use for. An index keyed by a random value (a hash, a serial) takes each new
-- row into a leaf of its own, so every issuance dirtied one more page per such index,
-- and on SQLite wrote it to the WAL and again at the checkpoint. Three go:
--
-- audit_log.hash was UNIQUE. Nothing looks a record up by its hash, and the chain is what
-- proves a record (each hash covers the one before it; VerifyAudit walks it by id), so
-- the index only cost three random leaves per issuance. SQLite cannot drop a column's
-- UNIQUE in place: the table is rebuilt as https://sqlite.org/lang_altertable.html
-- #otheralter describes (nothing references audit_log), keeping ids and the id sequence.
{{SQLITE}}
CREATE TABLE audit_log_rebuilt (
  id {{ID}},
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  customer_id BIGINT NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_log_rebuilt (id, at, actor, action, object_type, object_id, detail,
                               prev_hash, hash, customer_id, source)
  SELECT id, at, actor, action, object_type, object_id, detail, prev_hash, hash,
         customer_id, source FROM audit_log;
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log')
  WHERE name = 'audit_log_rebuilt' AND EXISTS (SELECT 1 FROM sqlite_sequence
                                              WHERE name = 'audit_log');
DROP TABLE audit_log;
ALTER TABLE audit_log_rebuilt RENAME TO audit_log;
CREATE INDEX audit_log_by_customer ON audit_log (customer_id, id);
CREATE INDEX audit_log_by_customer_at ON audit_log (customer_id, at);
{{END}}
{{POSTGRES}}
ALTER TABLE audit_log DROP CONSTRAINT audit_log_hash_key;
{{END}}

-- The CRL index holds the revoked certificates only: a certificate enters it when it is
-- revoked, not when it is issued with a random serial. The CRL and its "last revoked"
-- queries name status = 'revoked', so they still read only the index (status stays in
-- it for that), in serial order.
DROP INDEX certificate_crl;
CREATE INDEX certificate_crl ON certificate (issuer_id, status, serial, not_after, revoked_at,
                                             revocation_reason) WHERE status = 'revoked';

-- An SSL certificate is found by serial through certificate.serial (UNIQUE) and then by
-- its certificate_id, an index that grows at its end.
DROP INDEX ssl_certificate_by_serial;
CREATE INDEX ssl_certificate_by_certificate ON ssl_certificate (certificate_id);
