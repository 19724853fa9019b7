ALTER TABLE "t_acme"."account" RENAME TO "company";
ALTER TABLE "t_acme"."opportunity" RENAME TO "_del_ent_opp";
