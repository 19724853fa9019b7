ALTER TABLE "t_acme"."opportunity" RENAME COLUMN "name" TO "title";
ALTER TABLE "t_acme"."opportunity" ADD COLUMN "probability" numeric(5,2);
ALTER TABLE "t_acme"."opportunity" ADD COLUMN "email" varchar(254);
DROP INDEX IF EXISTS "t_acme"."tg_fld_name";
ALTER TABLE "t_acme"."opportunity" RENAME COLUMN "notes" TO "_del_fld_notes2";
CREATE UNIQUE INDEX "ux_fld_email" ON "t_acme"."opportunity" ("email") WHERE "deleted_at" IS NULL;
CREATE INDEX "tg_fld_email" ON "t_acme"."opportunity" USING gin ("email" gin_trgm_ops);
