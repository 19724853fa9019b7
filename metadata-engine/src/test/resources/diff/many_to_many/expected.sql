CREATE TABLE "t_acme"."m2m_fld_team" (
  "source_id" uuid NOT NULL REFERENCES "t_acme"."opportunity" ("id") ON DELETE CASCADE,
  "target_id" uuid NOT NULL REFERENCES "t_acme"."account" ("id") ON DELETE CASCADE,
  "role" varchar(40),
  PRIMARY KEY ("source_id", "target_id")
);
