ALTER TABLE "t_acme"."opportunity" RENAME COLUMN "_del_fld_notes" TO "notes_restored";
