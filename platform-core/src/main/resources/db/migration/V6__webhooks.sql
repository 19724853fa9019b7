-- The key each tenant's webhook payloads are signed with (HMAC-SHA256); created on first use.
ALTER TABLE atrium.tenants ADD COLUMN webhook_secret varchar(64);
