-- Round-robin assignment: the user each workflow's assign action gave the last record to.
CREATE TABLE atrium.assignment_state (
  tenant_id    uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  workflow_id  varchar(80) NOT NULL,
  action_index int NOT NULL,
  last_user    uuid,
  PRIMARY KEY (tenant_id, workflow_id, action_index)
);
