\set n random(1, :rows)
SELECT "id", "owner_id", "created_at", "created_by", "updated_at", "updated_by", "version", "deleted_at", "name", "amount", "amount__currency", "stage", "close_date", "probability", "owner", "account_name", "email", "notes" FROM t_bench.deal WHERE "id" = ('00000000-0000-7000-8000-' || lpad(to_hex(:n::bigint), 12, '0'))::uuid AND "deleted_at" IS NULL;
