\set n random(1, :rows)
\set p random(0, 99)
UPDATE t_bench.deal SET "updated_at" = now(), "updated_by" = '00000000-0000-7000-8000-000000000001', "version" = "version" + 1, "probability" = :p, "notes" = 'updated ' || :p WHERE "id" = ('00000000-0000-7000-8000-' || lpad(to_hex(:n::bigint), 12, '0'))::uuid AND "deleted_at" IS NULL RETURNING "id", "owner_id", "created_at", "created_by", "updated_at", "updated_by", "version", "deleted_at", "name", "amount", "amount__currency", "stage", "close_date", "probability", "owner", "account_name", "email", "notes";
