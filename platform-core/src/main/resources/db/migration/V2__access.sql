-- Authorization: roles in a hierarchy, groups (teams), permission sets, sharing rules and manual shares.

CREATE TABLE atrium.roles (
  id         uuid PRIMARY KEY,
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  name       varchar(80) NOT NULL,
  parent_id  uuid REFERENCES atrium.roles(id) ON DELETE RESTRICT,
  UNIQUE (tenant_id, name)
);

ALTER TABLE atrium.users ADD COLUMN role_id uuid REFERENCES atrium.roles(id) ON DELETE SET NULL;

-- A group; a team (is_team) also lets its members see each other's records.
CREATE TABLE atrium.groups (
  id         uuid PRIMARY KEY,
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  name       varchar(80) NOT NULL,
  is_team    boolean NOT NULL DEFAULT false,
  UNIQUE (tenant_id, name)
);

CREATE TABLE atrium.group_members (
  group_id uuid NOT NULL REFERENCES atrium.groups(id) ON DELETE CASCADE,
  user_id  uuid NOT NULL REFERENCES atrium.users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON atrium.group_members(user_id);

-- Object and field grants as JSON (see docs/security.md for its shape).
CREATE TABLE atrium.permission_sets (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  name        varchar(80) NOT NULL,
  definition  jsonb NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE atrium.user_permission_sets (
  user_id           uuid NOT NULL REFERENCES atrium.users(id) ON DELETE CASCADE,
  permission_set_id uuid NOT NULL REFERENCES atrium.permission_sets(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, permission_set_id)
);

-- Records matching a filter are shared (read or edit) with a role (and the roles above it) or a group.
CREATE TABLE atrium.sharing_rules (
  id         uuid PRIMARY KEY,
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  name       varchar(80) NOT NULL,
  entity     varchar(63) NOT NULL,
  filter     text NOT NULL,
  access     varchar(5) NOT NULL CHECK (access IN ('read', 'edit')),
  role_id    uuid REFERENCES atrium.roles(id) ON DELETE CASCADE,
  group_id   uuid REFERENCES atrium.groups(id) ON DELETE CASCADE,
  CHECK ((role_id IS NULL) <> (group_id IS NULL))
);

-- One record shared by hand with a user or a group.
CREATE TABLE atrium.record_shares (
  tenant_id  uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  entity     varchar(63) NOT NULL,
  record_id  uuid NOT NULL,
  user_id    uuid REFERENCES atrium.users(id) ON DELETE CASCADE,
  group_id   uuid REFERENCES atrium.groups(id) ON DELETE CASCADE,
  access     varchar(5) NOT NULL CHECK (access IN ('read', 'edit')),
  granted_by uuid,
  granted_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX record_shares_target ON atrium.record_shares (tenant_id, entity, record_id, coalesce(user_id, group_id));
CREATE INDEX record_shares_user ON atrium.record_shares (user_id) WHERE user_id IS NOT NULL;
