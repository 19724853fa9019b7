-- The audit trail: append-only, partitioned by month, hash-chained per tenant by the sealer.
CREATE SEQUENCE atrium.audit_log_id_seq;
CREATE TABLE atrium.audit_log (
  id            bigint NOT NULL DEFAULT nextval('atrium.audit_log_id_seq'),
  tenant_id     uuid NOT NULL,
  at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor         uuid,
  ip            varchar(64),
  user_agent    varchar(300),
  action        varchar(20) NOT NULL,
  entity        varchar(63),
  record_id     uuid,
  changes       jsonb,
  changes_hash  bytea,
  seq           bigint,
  prev_hash     bytea,
  hash          bytea,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE atrium.audit_log_default PARTITION OF atrium.audit_log DEFAULT;
CREATE INDEX audit_tenant_at ON atrium.audit_log (tenant_id, at DESC);
CREATE INDEX audit_record ON atrium.audit_log (tenant_id, record_id, at DESC) WHERE record_id IS NOT NULL;
CREATE INDEX audit_unsealed ON atrium.audit_log (tenant_id, id) WHERE seq IS NULL;
CREATE INDEX audit_seq ON atrium.audit_log (tenant_id, seq) WHERE seq IS NOT NULL;

-- Per-entity retention: after this many days an entry's changes are redacted (the chain still verifies,
-- because the chain covers the hash of the changes, which is kept).
CREATE TABLE atrium.audit_retention (
  tenant_id uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  entity    varchar(63) NOT NULL,
  days      integer NOT NULL CHECK (days > 0),
  PRIMARY KEY (tenant_id, entity)
);

-- Rows are never updated or deleted, except: the sealer fills seq/prev_hash/hash once, and retention
-- redacts changes (keeping changes_hash). Anything else raises.
CREATE FUNCTION atrium.audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the audit log is append-only';
  END IF;
  IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
     AND (NEW.id, NEW.tenant_id, NEW.at, NEW.actor, NEW.action, NEW.entity, NEW.record_id, NEW.changes, NEW.changes_hash)
         IS NOT DISTINCT FROM (OLD.id, OLD.tenant_id, OLD.at, OLD.actor, OLD.action, OLD.entity, OLD.record_id, OLD.changes, OLD.changes_hash) THEN
    RETURN NEW;
  END IF;
  IF OLD.seq IS NOT NULL AND NEW.changes IS NULL AND current_setting('atrium.retention', true) = 'on'
     AND (NEW.seq, NEW.hash, NEW.prev_hash, NEW.changes_hash, NEW.action, NEW.record_id)
         IS NOT DISTINCT FROM (OLD.seq, OLD.hash, OLD.prev_hash, OLD.changes_hash, OLD.action, OLD.record_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_guard BEFORE UPDATE OR DELETE ON atrium.audit_log FOR EACH ROW EXECUTE FUNCTION atrium.audit_guard();

-- Fired by every entity table: who changed what, with the old and new value of every changed field.
-- The request's context (tenant, actor, ip, user agent) comes from the transaction-local setting
-- atrium.ctx; without it (e.g. a DBA's direct SQL) the change is still recorded, with no actor.
CREATE FUNCTION atrium.audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ctx jsonb := nullif(current_setting('atrium.ctx', true), '')::jsonb;
  o jsonb;
  n jsonb;
  diff jsonb := '{}'::jsonb;
  k text;
  act text;
  tenant uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    n := to_jsonb(NEW) - ARRAY['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version', 'deleted_at'];
    FOR k IN SELECT jsonb_object_keys(n) LOOP
      IF n->k <> 'null'::jsonb THEN diff := diff || jsonb_build_object(k, jsonb_build_array(NULL, n->k)); END IF;
    END LOOP;
    act := 'create';
  ELSIF TG_OP = 'UPDATE' THEN
    o := to_jsonb(OLD);
    n := to_jsonb(NEW);
    FOR k IN SELECT jsonb_object_keys(n) LOOP
      IF k NOT IN ('updated_at', 'updated_by', 'version', 'deleted_at') AND (o->k) IS DISTINCT FROM (n->k) THEN
        diff := diff || jsonb_build_object(k, jsonb_build_array(o->k, n->k));
      END IF;
    END LOOP;
    act := CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                ELSE 'update' END;
    IF act = 'update' AND diff = '{}'::jsonb THEN RETURN NULL; END IF;
  ELSE
    act := 'purge';
  END IF;
  tenant := (ctx->>'tenant')::uuid;
  IF tenant IS NULL THEN
    SELECT id INTO tenant FROM atrium.tenants WHERE schema_name = TG_TABLE_SCHEMA;
  END IF;
  INSERT INTO atrium.audit_log (tenant_id, actor, ip, user_agent, action, entity, record_id, changes, changes_hash)
  VALUES (tenant, (ctx->>'actor')::uuid, ctx->>'ip', left(ctx->>'ua', 300), act, TG_TABLE_NAME,
          CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, diff, sha256(convert_to(diff::text, 'UTF8')));
  RETURN NULL;
END $$;
