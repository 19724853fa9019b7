-- The in-app inbox: notifications for one user, pushed live over server-sent events.
CREATE TABLE atrium.notifications (
  id         bigserial PRIMARY KEY,
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES atrium.users(id) ON DELETE CASCADE,
  title      varchar(300) NOT NULL,
  body       text,
  entity     varchar(63),
  record_id  uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz
);
CREATE INDEX notifications_inbox ON atrium.notifications (user_id, id DESC);
