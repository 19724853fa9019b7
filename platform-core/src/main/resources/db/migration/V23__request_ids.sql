-- The request that made a change is kept with it in the audit trail (the X-Request-Id its answer carried),
-- so that an operator can follow one request from its log lines to its changes, and to the jobs and
-- webhooks they started. Not part of the hash chain: it says where a change came from, not what it was.
ALTER TABLE atrium.audit_log ADD COLUMN request_id text;

CREATE OR REPLACE FUNCTION atrium.audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- fields set on the actor's behalf by someone else (a plugin's before-save trigger) say so
  IF jsonb_typeof(ctx->'by') = 'object' AND diff <> '{}'::jsonb THEN
    diff := diff || jsonb_build_object('_by', ctx->'by');
  END IF;
  -- a data migration's import runs quietly: its changes start no workflow or plugin event, and say so
  IF ctx->>'quiet' = 'true' THEN
    diff := diff || jsonb_build_object('_quiet', true);
  END IF;
  tenant := (ctx->>'tenant')::uuid;
  IF tenant IS NULL THEN
    SELECT id INTO tenant FROM atrium.tenants WHERE schema_name = TG_TABLE_SCHEMA;
  END IF;
  INSERT INTO atrium.audit_log (tenant_id, actor, ip, user_agent, action, entity, record_id, changes, changes_hash,
                                request_id)
  VALUES (tenant, (ctx->>'actor')::uuid, ctx->>'ip', left(ctx->>'ua', 300), act, TG_TABLE_NAME,
          CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, diff, sha256(convert_to(diff::text, 'UTF8')),
          left(ctx->>'request', 64));
  RETURN NULL;
END $$;
