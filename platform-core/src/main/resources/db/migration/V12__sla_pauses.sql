-- SLA clocks that pause: per time workflow and record, the paused time so far and the current pause.
CREATE TABLE atrium.sla_pauses (
  tenant_id      uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  workflow_id    varchar(40) NOT NULL,
  record_id      uuid NOT NULL,
  paused_since   timestamptz,
  paused_seconds bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, workflow_id, record_id)
);
