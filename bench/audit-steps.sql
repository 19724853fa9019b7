-- Where one row's capture cost goes: today's trigger built up step by step on a copy of the deal table,
-- each step timed over an update of :rows rows in one statement (one backend, so the time is CPU), best
-- of three. Needs bench/audit-capture.sql first (public.cap_row, public.audit_capture).

CREATE TABLE public.deal_steps (LIKE t_bench.deal INCLUDING DEFAULTS INCLUDING INDEXES);
INSERT INTO public.deal_steps SELECT * FROM t_bench.deal ORDER BY "id" LIMIT :rows;
CREATE TABLE public.audit_plain (LIKE atrium.audit_log INCLUDING DEFAULTS);
VACUUM (ANALYZE) public.deal_steps;

-- 1. a plpgsql row trigger that does nothing (the call and the queued after-row event)
CREATE FUNCTION public.step_call() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
-- 2. both rows as JSON
CREATE FUNCTION public.step_json() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o jsonb := to_jsonb(OLD); n jsonb := to_jsonb(NEW);
BEGIN RETURN NULL; END $$;
-- 3. the diff, as today's trigger builds it, and its hash
CREATE FUNCTION public.step_diff() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ctx jsonb := nullif(current_setting('atrium.ctx', true), '')::jsonb;
  o jsonb := to_jsonb(OLD);
  n jsonb := to_jsonb(NEW);
  diff jsonb := '{}'::jsonb;
  k text;
  h bytea;
BEGIN
  FOR k IN SELECT jsonb_object_keys(n) LOOP
    IF k NOT IN ('updated_at', 'updated_by', 'version', 'deleted_at') AND (o->k) IS DISTINCT FROM (n->k) THEN
      diff := diff || jsonb_build_object(k, jsonb_build_array(o->k, n->k));
    END IF;
  END LOOP;
  h := sha256(convert_to(diff::text, 'UTF8'));
  RETURN NULL;
END $$;
-- 4. and the entry inserted into a plain table (no partitions, no indexes)
DO $$
BEGIN
  EXECUTE replace(replace(pg_get_functiondef('atrium.audit_row()'::regprocedure),
                          'atrium.audit_row()', 'public.step_insert()'), 'atrium.audit_log', 'public.audit_plain');
END $$;
-- 5. today's trigger: into the audit trail's shape (partitioned, four indexes)
-- 6. instead of it, the trigger compiled from the table's columns (the same entry into the same table)

CREATE PROCEDURE public.time_steps(n integer) LANGUAGE plpgsql AS $$
DECLARE
  step text;
  t0 timestamptz;
  best double precision;
  took double precision;
BEGIN
  CREATE TABLE IF NOT EXISTS public.step_times (id serial, step text, micros_per_row double precision);
  FOREACH step IN ARRAY ARRAY['none', 'step_call', 'step_json', 'step_diff', 'step_insert', 'cap_row', 'cap_compiled'] LOOP
    IF step <> 'none' THEN
      EXECUTE format('CREATE TRIGGER audit_row AFTER UPDATE ON public.deal_steps FOR EACH ROW EXECUTE FUNCTION public.%I()',
                     step);
    END IF;
    best := NULL;
    FOR i IN 1..3 LOOP
      PERFORM set_config('atrium.ctx', current_setting('bench.ctx'), true);
      t0 := clock_timestamp();
      UPDATE public.deal_steps SET "probability" = ("probability" + 1) % 100, "version" = "version" + 1;
      took := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
      best := least(coalesce(best, took), took);
      COMMIT;
    END LOOP;
    INSERT INTO public.step_times (step, micros_per_row) VALUES (step, best);
    DROP TRIGGER IF EXISTS audit_row ON public.deal_steps;
    COMMIT;
  END LOOP;
END $$;
