-- certkeep schema, version 18: an ACME order may name the certificate it replaces (RFC 9773
-- §5, "replaces"): the certID as the client sent it, which the order echoes, and the
-- certificate it names, which no second order that is not invalid may replace again.
ALTER TABLE acme_order ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
ALTER TABLE acme_order ADD COLUMN replaces_ssl_id BIGINT REFERENCES ssl_certificate (id);
CREATE INDEX acme_order_replaces ON acme_order (replaces_ssl_id);
