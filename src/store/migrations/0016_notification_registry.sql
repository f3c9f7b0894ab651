-- certkeep schema, version 16: the notification rules and templates join the registry that
-- registry_version stands for (0014). Every issuance mails by them, and they change about
-- as seldom as a profile does: read ahead of the write that issues, from a node's registry
-- cache, they cost an issuance no statement, where before the write read both.
{{REGISTRY_BUMP notification_rule}}
{{REGISTRY_BUMP notification_template}}
