-- certkeep schema, version 14: one number that every change to the registry raises, so a
-- node may keep what it read of the registry (organizations, profiles, custom fields,
-- CAs, domains, their delegations and validations) for as long as the number stays the
-- same. Triggers raise it, so every writer does: each node, the CLI, a hand-made UPDATE.
-- On PostgreSQL the raise runs at commit (a deferred constraint trigger): the row lock it
-- takes is the last a transaction takes and is held only while it commits, so two
-- writers of the registry never wait for each other in a cycle.
CREATE TABLE registry_version (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO registry_version (id, version) VALUES (1, 0);
{{REGISTRY_BUMP_FUNCTION}}
{{REGISTRY_BUMP organization}}
{{REGISTRY_BUMP certificate_profile}}
{{REGISTRY_BUMP custom_field}}
{{REGISTRY_BUMP certificate_authority}}
{{REGISTRY_BUMP domain}}
{{REGISTRY_BUMP domain_delegation}}
{{REGISTRY_BUMP domain_validation}}
