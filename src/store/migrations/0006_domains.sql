-- certkeep schema, version 6: the domain registry of each customer, and the delegations
-- of its rows to organizations and departments (scm-api.md §2.7, §3.5).

-- A registry row: a name in lower-case A-label form, possibly a wildcard row
-- ("*.example.org"). active 0 is SUSPENDED: the row covers nothing.
CREATE TABLE domain (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  active BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (customer_id, name)
);

-- A row delegated to one organization or department. cert_types and privileges are SCM
-- names, comma-separated in the order of their enums, so equal sets are equal text.
CREATE TABLE domain_delegation (
  domain_id BIGINT NOT NULL REFERENCES domain (id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organization (id),
  cert_types TEXT NOT NULL,
  privileges TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'REQUESTED')),
  requested_by BIGINT,  -- no foreign key: the request outlives its requester
  PRIMARY KEY (domain_id, org_id)
);
-- An organization cannot be deleted while delegated to; listing by org reads this too.
CREATE INDEX domain_delegation_by_org ON domain_delegation (org_id);
