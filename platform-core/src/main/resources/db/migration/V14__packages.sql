-- Packages: the catalog of package versions this installation knows beyond the bundled ones, each
-- organisation's installed packages with the content they were installed from (the base of the next
-- upgrade's three-way merge), and which package operation produced each metadata version.

CREATE TABLE atrium.package_catalog (
  package_id  varchar(40) NOT NULL,
  version     varchar(40) NOT NULL,
  content     jsonb NOT NULL,
  added_by    uuid,
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (package_id, version)
);

CREATE TABLE atrium.tenant_packages (
  tenant_id     uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  package_id    varchar(40) NOT NULL,
  version       varchar(40) NOT NULL,
  content       jsonb NOT NULL,
  installed_by  uuid,
  installed_at  timestamptz NOT NULL DEFAULT now(),
  upgraded_at   timestamptz,
  PRIMARY KEY (tenant_id, package_id)
);

ALTER TABLE atrium.metadata_versions
  ADD COLUMN package_id varchar(40),
  ADD COLUMN package_version varchar(40),
  ADD COLUMN package_action varchar(10);
