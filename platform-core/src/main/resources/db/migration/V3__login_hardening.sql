-- Login throttling per account: consecutive failures and a lock until a time.
ALTER TABLE atrium.users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0;
ALTER TABLE atrium.users ADD COLUMN locked_until timestamptz;
