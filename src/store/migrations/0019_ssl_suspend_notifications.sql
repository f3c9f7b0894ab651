-- certkeep schema, version 19: a certificate's notifications may be suspended (scm-api.md
-- §2.1's suspendNotifications): no notice of its coming or past expiry is written for it.
ALTER TABLE ssl_certificate ADD COLUMN suspend_notifications BIGINT NOT NULL DEFAULT 0;
