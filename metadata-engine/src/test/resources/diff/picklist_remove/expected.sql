UPDATE "t_acme"."ticket" SET "state" = 'done' WHERE "state" = 'closed';
UPDATE "t_acme"."ticket" SET "state" = NULL WHERE "state" = 'stale';
UPDATE "t_acme"."ticket" SET "tags" = array_remove("tags", 'o''neil') WHERE 'o''neil' = ANY("tags");
