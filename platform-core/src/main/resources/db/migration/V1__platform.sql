-- The platform's own tables. Tenant data lives in one schema per tenant, managed by the platform's
-- migration planner; these tables are managed by Flyway.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;


CREATE TABLE atrium.tenants (
  id          uuid PRIMARY KEY,
  slug        varchar(40) NOT NULL UNIQUE,
  name        varchar(200) NOT NULL,
  schema_name varchar(63) NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE atrium.users (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  email         varchar(254) NOT NULL,
  display_name  varchar(200) NOT NULL,
  password_hash varchar(200),
  is_admin      boolean NOT NULL DEFAULT false,
  active        boolean NOT NULL DEFAULT true,
  locale        varchar(10) NOT NULL DEFAULT 'en',
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

CREATE TABLE atrium.sessions (
  token_hash  bytea PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES atrium.users(id) ON DELETE CASCADE,
  csrf_token  varchar(64) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user ON atrium.sessions(user_id);

CREATE TABLE atrium.api_tokens (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES atrium.users(id) ON DELETE CASCADE,
  name         varchar(200) NOT NULL,
  token_hash   bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- Every deployed metadata version of a tenant: the documents, and the plan that produced it.
CREATE TABLE atrium.metadata_versions (
  tenant_id   uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  version     bigint NOT NULL,
  documents   jsonb NOT NULL,
  checksum    varchar(64) NOT NULL,
  plan        jsonb NOT NULL,
  statements  jsonb NOT NULL,
  deployed_by uuid,
  deployed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

-- Fields and entities removed by a deployment: their columns/tables are kept under an aside name.
CREATE TABLE atrium.aside_objects (
  tenant_id   uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  object_id   varchar(32) NOT NULL,
  kind        varchar(10) NOT NULL,
  entity      varchar(63) NOT NULL,
  name        varchar(63) NOT NULL,
  definition  jsonb NOT NULL,
  removed_in  bigint NOT NULL,
  removed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, object_id)
);
