-- Durable jobs (workflow actions and other work that runs after a commit). A job is claimed with
-- FOR UPDATE SKIP LOCKED, so several nodes share the queue and no job runs twice at the same time;
-- a claim expires, so a crashed node's job is picked up again.
CREATE TABLE atrium.jobs (
  id              bigserial PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  kind            varchar(40) NOT NULL,
  payload         jsonb NOT NULL,
  idempotency_key varchar(200) NOT NULL,
  status          varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  max_attempts    integer NOT NULL DEFAULT 5,
  run_at          timestamptz NOT NULL DEFAULT now(),
  locked_by       varchar(80),
  locked_until    timestamptz,
  last_error      text,
  result          jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX jobs_ready ON atrium.jobs (run_at) WHERE status = 'pending';
CREATE INDEX jobs_running ON atrium.jobs (locked_until) WHERE status = 'running';

-- How far the workflow dispatcher has read each tenant's sealed audit trail (the outbox).
CREATE TABLE atrium.workflow_cursor (
  tenant_id uuid PRIMARY KEY REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  last_seq  bigint NOT NULL DEFAULT 0
);
