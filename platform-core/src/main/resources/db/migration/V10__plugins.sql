-- Plugins: platform-wide install state, per-tenant enablement, field types ever provided, schedules.

CREATE TABLE atrium.plugins (
  id           varchar(40) PRIMARY KEY,
  version      varchar(60) NOT NULL,
  sha256       char(64) NOT NULL,
  started      boolean NOT NULL DEFAULT true,
  last_error   text,
  installed_at timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE atrium.plugin_tenants (
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  plugin_id  varchar(40) NOT NULL,
  enabled    boolean NOT NULL,
  settings   jsonb NOT NULL DEFAULT '{}',
  granted    jsonb NOT NULL DEFAULT '[]',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plugin_id)
);

-- A field type stays known after its plugin stops, so stored values remain readable.
CREATE TABLE atrium.plugin_field_types (
  name       varchar(40) PRIMARY KEY,
  plugin_id  varchar(40) NOT NULL,
  max_length integer NOT NULL
);

CREATE TABLE atrium.plugin_schedule (
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  plugin_id  varchar(40) NOT NULL,
  job_id     varchar(40) NOT NULL,
  last_fired timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, plugin_id, job_id)
);
