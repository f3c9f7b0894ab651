-- certkeep schema, version 12: OCSP responses signed ahead of requests (RFC 5019 §2.1's
-- pre-produced responses) by the ocsp.presign job, one per certificate, kept here so
-- that every node of a cluster serves the same ones. cert_id and response are base64 of
-- the SHA-1 CertID and of the DER OCSPResponse; status the certificate's status it was
-- signed for ('issued' or 'revoked'): a response is served only while the certificate's
-- status is the same, so a stored "good" never outlives a revocation, however the two
-- interleave. A revocation also deletes the row in its own transaction.
CREATE TABLE ocsp_response (
  certificate_id BIGINT PRIMARY KEY REFERENCES certificate (id),
  cert_id TEXT NOT NULL,
  response TEXT NOT NULL,
  status TEXT NOT NULL,
  produced_at BIGINT NOT NULL,
  next_update BIGINT NOT NULL
);
