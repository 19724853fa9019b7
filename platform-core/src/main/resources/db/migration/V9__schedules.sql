-- When each scheduled (cron) workflow last fired.
CREATE TABLE atrium.workflow_schedule (
  tenant_id   uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  workflow_id varchar(32) NOT NULL,
  last_fired  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, workflow_id)
);
