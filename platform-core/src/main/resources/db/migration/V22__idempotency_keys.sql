-- Creates sent with an Idempotency-Key: a client retrying after a lost answer (a 502 from the balancer
-- while a node died) gets the record created the first time, never a second one. The key is kept with
-- the request's digest and the answer, in the same transaction as the record.
CREATE TABLE atrium.idempotency_keys (
  tenant_id   uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  user_id     uuid NOT NULL,
  key         varchar(200) NOT NULL,
  request     char(64) NOT NULL,
  status      int,
  answer      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, key)
);
CREATE INDEX idempotency_keys_age ON atrium.idempotency_keys (created_at);
