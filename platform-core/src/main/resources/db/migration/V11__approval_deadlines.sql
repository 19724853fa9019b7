-- Approval steps remember when they started, and whether their reminder and escalation happened.
ALTER TABLE atrium.approvals
  ADD COLUMN step_started_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN reminded_step   integer NOT NULL DEFAULT -1,
  ADD COLUMN escalated_step  integer NOT NULL DEFAULT -1;
CREATE INDEX approvals_pending ON atrium.approvals (tenant_id) WHERE status = 'pending';
