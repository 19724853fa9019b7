-- Each person's time zone (an IANA name such as Europe/Madrid): the app shows and buckets date-times in
-- it; null: the browser's.
ALTER TABLE atrium.users ADD COLUMN time_zone varchar(64);
