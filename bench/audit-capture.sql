-- The audit-capture options bench/audit.sh measures side by side, each on its own copy of the deal table
-- and each writing into public.audit_capture, a table of the audit trail's shape (same columns, defaults,
-- partitioning and indexes) that the platform's sealer does not read. Every option writes the same entries
-- as today's trigger (bench/audit.sh checks it), except "hstore", whose values are text.
-- psql variable :tenant is the organisation the entries are for.

CREATE EXTENSION IF NOT EXISTS hstore;

CREATE TABLE public.audit_capture (LIKE atrium.audit_log INCLUDING DEFAULTS) PARTITION BY RANGE (at);
DO $$
DECLARE d text;
BEGIN
  FOR d IN SELECT indexdef FROM pg_indexes WHERE schemaname = 'atrium' AND tablename = 'audit_log' LOOP
    d := replace(replace(replace(d, ' ON ONLY ', ' ON '), 'atrium.audit_log', 'public.audit_capture'),
                 'INDEX ', 'INDEX cap_');
    EXECUTE d;
  END LOOP;
END $$;
CREATE TABLE public.audit_capture_default PARTITION OF public.audit_capture DEFAULT;

-- 1. "row": today's trigger, taken from the running database and pointed at the capture table
DO $$
BEGIN
  EXECUTE replace(replace(pg_get_functiondef('atrium.audit_row()'::regprocedure),
                          'atrium.audit_row()', 'public.cap_row()'), 'atrium.audit_log', 'public.audit_capture');
END $$;

-- 2. "row, set-based": the same row trigger, its diff one query over jsonb_each instead of a loop that
--    rebuilds the object once per changed key
CREATE FUNCTION public.cap_row_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ctx jsonb := nullif(current_setting('atrium.ctx', true), '')::jsonb;
  diff jsonb;
  act text;
  tenant uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT coalesce(jsonb_object_agg(key, jsonb_build_array(NULL, value)), '{}') INTO diff
      FROM jsonb_each(to_jsonb(NEW) - ARRAY['id', 'created_at', 'updated_at', 'created_by', 'updated_by',
                                            'version', 'deleted_at'])
     WHERE value <> 'null'::jsonb;
    act := 'create';
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)), '{}') INTO diff
      FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
     WHERE n.key NOT IN ('updated_at', 'updated_by', 'version', 'deleted_at') AND o.value IS DISTINCT FROM n.value;
    act := CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                ELSE 'update' END;
    IF act = 'update' AND diff = '{}'::jsonb THEN RETURN NULL; END IF;
  ELSE
    diff := '{}'::jsonb;
    act := 'purge';
  END IF;
  IF jsonb_typeof(ctx->'by') = 'object' AND diff <> '{}'::jsonb THEN
    diff := diff || jsonb_build_object('_by', ctx->'by');
  END IF;
  IF ctx->>'quiet' = 'true' THEN diff := diff || jsonb_build_object('_quiet', true); END IF;
  tenant := (ctx->>'tenant')::uuid;
  IF tenant IS NULL THEN SELECT id INTO tenant FROM atrium.tenants WHERE schema_name = TG_TABLE_SCHEMA; END IF;
  INSERT INTO public.audit_capture (tenant_id, actor, ip, user_agent, action, entity, record_id, changes,
                                    changes_hash, request_id)
  VALUES (tenant, (ctx->>'actor')::uuid, ctx->>'ip', left(ctx->>'ua', 300), act, TG_TABLE_NAME,
          CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, diff, sha256(convert_to(diff::text, 'UTF8')),
          left(ctx->>'request', 64));
  RETURN NULL;
END $$;

-- 3. "row, hstore": the diff computed in C by hstore's operators (hstore(NEW) - hstore(OLD)); compact,
--    but every value becomes text (numbers, booleans and nulls lose their JSON type)
CREATE FUNCTION public.cap_row_hstore() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ctx jsonb := nullif(current_setting('atrium.ctx', true), '')::jsonb;
  o hstore;
  d hstore;
  diff jsonb;
  act text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    d := hstore(NEW) - ARRAY['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version', 'deleted_at'];
    SELECT coalesce(jsonb_object_agg(key, jsonb_build_array(NULL, value)), '{}') INTO diff
      FROM each(d) WHERE value IS NOT NULL;
    act := 'create';
  ELSE
    o := hstore(OLD);
    d := (hstore(NEW) - o) - ARRAY['updated_at', 'updated_by', 'version', 'deleted_at'];
    SELECT coalesce(jsonb_object_agg(key, jsonb_build_array(o -> key, value)), '{}') INTO diff FROM each(d);
    act := CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                ELSE 'update' END;
    IF act = 'update' AND diff = '{}'::jsonb THEN RETURN NULL; END IF;
  END IF;
  IF jsonb_typeof(ctx->'by') = 'object' AND diff <> '{}'::jsonb THEN
    diff := diff || jsonb_build_object('_by', ctx->'by');
  END IF;
  IF ctx->>'quiet' = 'true' THEN diff := diff || jsonb_build_object('_quiet', true); END IF;
  INSERT INTO public.audit_capture (tenant_id, actor, ip, user_agent, action, entity, record_id, changes,
                                    changes_hash, request_id)
  VALUES ((ctx->>'tenant')::uuid, (ctx->>'actor')::uuid, ctx->>'ip', left(ctx->>'ua', 300), act, TG_TABLE_NAME,
          NEW.id, diff, sha256(convert_to(diff::text, 'UTF8')), left(ctx->>'request', 64));
  RETURN NULL;
END $$;

-- 4. "statement": one trigger call per statement, reading the statement's rows from transition tables
--    and writing all its entries with one INSERT ... SELECT
CREATE FUNCTION public.cap_stmt_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ctx jsonb := nullif(current_setting('atrium.ctx', true), '')::jsonb;
  by_marker jsonb := CASE WHEN jsonb_typeof(ctx->'by') = 'object' THEN jsonb_build_object('_by', ctx->'by')
                   ELSE '{}'::jsonb END;
  quiet_marker jsonb := CASE WHEN ctx->>'quiet' = 'true' THEN '{"_quiet": true}'::jsonb ELSE '{}'::jsonb END;
BEGIN
  INSERT INTO public.audit_capture (tenant_id, actor, ip, user_agent, action, entity, record_id, changes,
                                    changes_hash, request_id)
  SELECT (ctx->>'tenant')::uuid, (ctx->>'actor')::uuid, ctx->>'ip', left(ctx->>'ua', 300), c.act, TG_TABLE_NAME,
         c.id, c.diff, sha256(convert_to(c.diff::text, 'UTF8')), left(ctx->>'request', 64)
    FROM (SELECT n.id, d.act,
                 d.diff || CASE WHEN d.diff <> '{}'::jsonb THEN by_marker ELSE '{}'::jsonb END || quiet_marker AS diff
            FROM new_rows n JOIN old_rows o ON o.id = n.id,
         LATERAL (SELECT CASE WHEN o.deleted_at IS NULL AND n.deleted_at IS NOT NULL THEN 'delete'
                              WHEN o.deleted_at IS NOT NULL AND n.deleted_at IS NULL THEN 'restore'
                              ELSE 'update' END AS act,
                         (SELECT coalesce(jsonb_object_agg(nk.key, jsonb_build_array(ok.value, nk.value)), '{}')
                            FROM jsonb_each(to_jsonb(n)) nk JOIN jsonb_each(to_jsonb(o)) ok USING (key)
                           WHERE nk.key NOT IN ('updated_at', 'updated_by', 'version', 'deleted_at')
                             AND ok.value IS DISTINCT FROM nk.value) AS diff) d
           WHERE d.act <> 'update' OR d.diff <> '{}'::jsonb) c;
  RETURN NULL;
END $$;

CREATE FUNCTION public.cap_stmt_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ctx jsonb := nullif(current_setting('atrium.ctx', true), '')::jsonb;
  by_marker jsonb := CASE WHEN jsonb_typeof(ctx->'by') = 'object' THEN jsonb_build_object('_by', ctx->'by')
                   ELSE '{}'::jsonb END;
  quiet_marker jsonb := CASE WHEN ctx->>'quiet' = 'true' THEN '{"_quiet": true}'::jsonb ELSE '{}'::jsonb END;
BEGIN
  INSERT INTO public.audit_capture (tenant_id, actor, ip, user_agent, action, entity, record_id, changes,
                                    changes_hash, request_id)
  SELECT (ctx->>'tenant')::uuid, (ctx->>'actor')::uuid, ctx->>'ip', left(ctx->>'ua', 300), 'create',
         TG_TABLE_NAME, c.id, c.diff, sha256(convert_to(c.diff::text, 'UTF8')), left(ctx->>'request', 64)
    FROM (SELECT n.id,
                 d.diff || CASE WHEN d.diff <> '{}'::jsonb THEN by_marker ELSE '{}'::jsonb END || quiet_marker AS diff
            FROM new_rows n,
         LATERAL (SELECT coalesce(jsonb_object_agg(key, jsonb_build_array(NULL, value)), '{}') AS diff
                    FROM jsonb_each(to_jsonb(n) - ARRAY['id', 'created_at', 'updated_at', 'created_by',
                                                        'updated_by', 'version', 'deleted_at'])
                   WHERE value <> 'null'::jsonb) d) c;
  RETURN NULL;
END $$;

-- the tables: one copy of the deal table per option
DO $$
DECLARE v text;
BEGIN
  FOREACH v IN ARRAY ARRAY['none', 'row', 'rowset', 'hstore', 'stmt', 'compiled', 'wal'] LOOP
    EXECUTE format('CREATE TABLE public.%I (LIKE t_bench.deal INCLUDING DEFAULTS INCLUDING INDEXES)', 'deal_' || v);
    EXECUTE format('INSERT INTO public.%I SELECT * FROM t_bench.deal', 'deal_' || v);
  END LOOP;
END $$;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.deal_row
  FOR EACH ROW EXECUTE FUNCTION public.cap_row();
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.deal_rowset
  FOR EACH ROW EXECUTE FUNCTION public.cap_row_set();
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE ON public.deal_hstore
  FOR EACH ROW EXECUTE FUNCTION public.cap_row_hstore();
CREATE TRIGGER audit_update AFTER UPDATE ON public.deal_stmt
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.cap_stmt_update();
CREATE TRIGGER audit_insert AFTER INSERT ON public.deal_stmt
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.cap_stmt_insert();
-- 5. "compiled": a row trigger generated for the one table from its columns, comparing column with
--    column (no whole-row JSON); each column that changed becomes JSON on its own, as to_jsonb(row) would
--    make it. The platform would have to generate it again with every change to the table's columns.
DO $gen$
DECLARE
  upd text := '';
  ins text := '';
  c name;
BEGIN
  FOR c IN SELECT attname FROM pg_attribute WHERE attrelid = 'public.deal_compiled'::regclass AND attnum > 0
                                              AND NOT attisdropped ORDER BY attnum LOOP
    IF c NOT IN ('updated_at', 'updated_by', 'version', 'deleted_at') THEN
      upd := upd || format('IF NEW.%1$I IS DISTINCT FROM OLD.%1$I THEN diff := diff || jsonb_build_object(%2$L, '
                           'jsonb_build_array(to_jsonb(OLD.%1$I), to_jsonb(NEW.%1$I))); END IF;', c, c) || E'\n';
    END IF;
    IF c NOT IN ('id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version', 'deleted_at') THEN
      ins := ins || format('IF NEW.%1$I IS NOT NULL THEN diff := diff || jsonb_build_object(%2$L, '
                           'jsonb_build_array(NULL, to_jsonb(NEW.%1$I))); END IF;', c, c) || E'\n';
    END IF;
  END LOOP;
  EXECUTE format($f$
CREATE FUNCTION public.cap_compiled() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  ctx jsonb := nullif(current_setting('atrium.ctx', true), '')::jsonb;
  diff jsonb := '{}'::jsonb;
  act text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    %s
    act := 'create';
  ELSE
    %s
    act := CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                ELSE 'update' END;
    IF act = 'update' AND diff = '{}'::jsonb THEN RETURN NULL; END IF;
  END IF;
  IF jsonb_typeof(ctx->'by') = 'object' AND diff <> '{}'::jsonb THEN
    diff := diff || jsonb_build_object('_by', ctx->'by');
  END IF;
  IF ctx->>'quiet' = 'true' THEN diff := diff || jsonb_build_object('_quiet', true); END IF;
  INSERT INTO public.audit_capture (tenant_id, actor, ip, user_agent, action, entity, record_id, changes,
                                    changes_hash, request_id)
  VALUES ((ctx->>'tenant')::uuid, (ctx->>'actor')::uuid, ctx->>'ip', left(ctx->>'ua', 300), act, TG_TABLE_NAME,
          NEW.id, diff, sha256(convert_to(diff::text, 'UTF8')), left(ctx->>'request', 64));
  RETURN NULL;
END $body$$f$, ins, upd);
END $gen$;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE ON public.deal_compiled
  FOR EACH ROW EXECUTE FUNCTION public.cap_compiled();

-- 6. "wal": no trigger; the old row goes into the WAL whole (REPLICA IDENTITY FULL) and the request's
--    context as a transactional logical message; a logical decoder builds the entries after commit
ALTER TABLE public.deal_wal REPLICA IDENTITY FULL;
