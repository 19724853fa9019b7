-- Approval requests (one pending per record) and every approver's decision.
CREATE TABLE atrium.approvals (
  id           bigserial PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  entity       varchar(63) NOT NULL,
  record_id    uuid NOT NULL,
  process      varchar(63) NOT NULL,
  step         integer NOT NULL DEFAULT 0,
  status       varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  submitted_by uuid NOT NULL,
  comment      text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  decided_at   timestamptz
);
CREATE UNIQUE INDEX approvals_one_pending ON atrium.approvals (tenant_id, entity, record_id) WHERE status = 'pending';

CREATE TABLE atrium.approval_decisions (
  approval_id bigint NOT NULL REFERENCES atrium.approvals(id) ON DELETE CASCADE,
  step        integer NOT NULL,
  user_id     uuid NOT NULL,
  decision    varchar(10) NOT NULL CHECK (decision IN ('approve', 'reject')),
  comment     text,
  decided_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (approval_id, step, user_id)
);
