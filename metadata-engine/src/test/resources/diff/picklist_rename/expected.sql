UPDATE "t_acme"."opportunity" SET "stage" = 'proposal_sent' WHERE "stage" = 'proposal';
