CREATE TABLE "t_acme"."account" (
  "id" uuid PRIMARY KEY,
  "owner_id" uuid,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "created_by" uuid,
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  "updated_by" uuid,
  "version" integer NOT NULL DEFAULT 1,
  "deleted_at" timestamptz,
  "name" varchar(120),
  "code" varchar(20),
  "revenue" numeric(14,2),
  "revenue__currency" char(3),
  "number" varchar(80)
);
CREATE TRIGGER "audit_row" AFTER INSERT OR UPDATE OR DELETE ON "t_acme"."account" FOR EACH ROW EXECUTE FUNCTION atrium.audit_row();
CREATE TABLE "t_acme"."opportunity" (
  "id" uuid PRIMARY KEY,
  "owner_id" uuid,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "created_by" uuid,
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  "updated_by" uuid,
  "version" integer NOT NULL DEFAULT 1,
  "deleted_at" timestamptz,
  "name" varchar(255),
  "account" uuid,
  "stage" varchar(255),
  "amount" numeric(12,2),
  "notes" text
);
CREATE TRIGGER "audit_row" AFTER INSERT OR UPDATE OR DELETE ON "t_acme"."opportunity" FOR EACH ROW EXECUTE FUNCTION atrium.audit_row();
CREATE TABLE "t_acme"."opportunity_line" (
  "id" uuid PRIMARY KEY,
  "owner_id" uuid,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "created_by" uuid,
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  "updated_by" uuid,
  "version" integer NOT NULL DEFAULT 1,
  "deleted_at" timestamptz,
  "opportunity" uuid,
  "quantity" bigint,
  "due" date,
  "related" uuid,
  "related__entity" varchar(63)
);
CREATE TRIGGER "audit_row" AFTER INSERT OR UPDATE OR DELETE ON "t_acme"."opportunity_line" FOR EACH ROW EXECUTE FUNCTION atrium.audit_row();
CREATE SEQUENCE IF NOT EXISTS "t_acme"."seq_fld_num";
ALTER TABLE "t_acme"."account" ALTER COLUMN "number" SET DEFAULT 'ACC-' || lpad(nextval('t_acme.seq_fld_num')::text, 5, '0');
CREATE INDEX "ix_ent_account_owner" ON "t_acme"."account" ("owner_id");
CREATE INDEX "ix_ent_account_recent" ON "t_acme"."account" ("created_at" DESC, "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "tg_fld_name" ON "t_acme"."account" USING gin ("name" gin_trgm_ops);
CREATE UNIQUE INDEX "ux_fld_code" ON "t_acme"."account" ("code") WHERE "deleted_at" IS NULL;
CREATE INDEX "ix_ent_opp_owner" ON "t_acme"."opportunity" ("owner_id");
CREATE INDEX "ix_ent_opp_recent" ON "t_acme"."opportunity" ("created_at" DESC, "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "ix_fld_acct" ON "t_acme"."opportunity" ("account");
ALTER TABLE "t_acme"."opportunity" ADD CONSTRAINT "fk_fld_acct" FOREIGN KEY ("account") REFERENCES "t_acme"."account" ("id") ON DELETE SET NULL;
CREATE INDEX "ix_fld_stage" ON "t_acme"."opportunity" ("stage");
CREATE INDEX "ix_ent_line_owner" ON "t_acme"."opportunity_line" ("owner_id");
CREATE INDEX "ix_ent_line_recent" ON "t_acme"."opportunity_line" ("created_at" DESC, "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "ix_fld_parent" ON "t_acme"."opportunity_line" ("opportunity");
ALTER TABLE "t_acme"."opportunity_line" ADD CONSTRAINT "fk_fld_parent" FOREIGN KEY ("opportunity") REFERENCES "t_acme"."opportunity" ("id") ON DELETE CASCADE;
CREATE INDEX "ix_fld_rel" ON "t_acme"."opportunity_line" ("related");
