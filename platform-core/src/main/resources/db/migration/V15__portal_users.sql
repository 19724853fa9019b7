-- Portal users: external people of a customer or partner company. They sign in like anyone else and
-- see only the records of their company (the entity's portal lookup names it), never the whole tenant.
ALTER TABLE atrium.users ADD COLUMN portal_account uuid;
CREATE INDEX users_portal_account ON atrium.users (tenant_id, portal_account) WHERE portal_account IS NOT NULL;
