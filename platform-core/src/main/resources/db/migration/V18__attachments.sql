-- Files attached to records. The bytes live in a content-addressed store (local disk by default) under
-- their SHA-256; a row here says which record a file belongs to. Access to a file is exactly access to
-- its record: a record in the recycle bin hides its files, restoring it brings them back.
CREATE TABLE atrium.attachments (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  entity       varchar(63) NOT NULL,
  record_id    uuid NOT NULL,
  name         varchar(255) NOT NULL,
  content_type varchar(100) NOT NULL,
  size         bigint NOT NULL,
  sha256       char(64) NOT NULL,
  created_by   uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz
);
CREATE INDEX attachments_record ON atrium.attachments (tenant_id, entity, record_id) WHERE deleted_at IS NULL;
