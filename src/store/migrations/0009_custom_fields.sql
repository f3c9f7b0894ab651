-- certkeep schema, version 9: the custom fields a customer asks for on its certificate
-- requests (scm-api.md §2.12). A request keeps its values as JSON on its own row
-- (ssl_certificate.custom_fields), so a field can change or go without touching them.

-- cert_type is SCM's word (SSL, SMIME, CODE_SIGNING); input its input type; options the
-- JSON array of a TEXT_OPTION field's choices. name_key is the name in lower case: names
-- are unique per customer and type without regard to case, as a person reads them.
CREATE TABLE custom_field (
  id {{ID}},
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  cert_type TEXT NOT NULL CHECK (cert_type IN ('SSL', 'SMIME', 'CODE_SIGNING')),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  input TEXT NOT NULL CHECK (input IN ('TEXT_SINGLE_LINE', 'TEXT_MULTI_LINE', 'EMAIL',
                                       'NUMBER', 'TEXT_OPTION', 'DATE')),
  options TEXT NOT NULL,
  mandatory BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'INACTIVE', 'SUSPENDED_ACTIVE',
                                       'SUSPENDED_INACTIVE')),
  UNIQUE (customer_id, cert_type, name_key)
);
