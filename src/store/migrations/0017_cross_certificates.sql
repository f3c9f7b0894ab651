-- certkeep schema, version 17: cross-certificates. A CA's key may be certified by more than
-- its own issuer (an older root, or another organisation's root that relying parties
-- already trust). Each such certificate is kept with the certificates above it, so that
-- a certificate this CA issued can be handed out with an alternative chain through it
-- (ACME's "alternate" links, RFC 8555 §7.4.2). They belong to the registry: every
-- download reads them, and they change about as seldom as a CA does.
CREATE TABLE ca_cross_certificate (
  id {{ID}},
  ca_id BIGINT NOT NULL REFERENCES certificate_authority (id),
  certificate_pem TEXT NOT NULL,
  chain_pem TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ca_cross_certificate_ca ON ca_cross_certificate (ca_id);
{{REGISTRY_BUMP ca_cross_certificate}}
