-- Record views are logged asynchronously by default (a crash loses at most the last moments of views);
-- an organisation that must never answer a read without its view logged first turns this on.
ALTER TABLE atrium.tenants ADD COLUMN durable_view_log boolean NOT NULL DEFAULT false;
