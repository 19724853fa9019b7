-- Imports of CSV and XLSX files: the file is kept in the data directory until the import is deleted;
-- each batch of rows commits with the import's progress, so a crash or restart resumes at the last
-- committed batch; every record an import created or changed is listed for undo.
CREATE TABLE atrium.imports (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES atrium.tenants(id) ON DELETE CASCADE,
  entity        varchar(63) NOT NULL,
  created_by    uuid NOT NULL,
  file_name     varchar(255) NOT NULL,
  format        varchar(8) NOT NULL,
  settings      jsonb NOT NULL DEFAULT '{}',
  status        varchar(16) NOT NULL DEFAULT 'draft',
  total_rows    int,
  processed     int NOT NULL DEFAULT 0,
  created_count int NOT NULL DEFAULT 0,
  updated_count int NOT NULL DEFAULT 0,
  error_count   int NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  CHECK (status IN ('draft', 'running', 'done', 'undone'))
);
CREATE INDEX imports_tenant ON atrium.imports (tenant_id, created_at DESC);

CREATE TABLE atrium.import_records (
  import_id uuid NOT NULL REFERENCES atrium.imports(id) ON DELETE CASCADE,
  row_no    int NOT NULL,
  record_id uuid NOT NULL,
  action    varchar(8) NOT NULL CHECK (action IN ('created', 'updated')),
  before    jsonb,
  PRIMARY KEY (import_id, row_no)
);

CREATE TABLE atrium.import_errors (
  import_id uuid NOT NULL REFERENCES atrium.imports(id) ON DELETE CASCADE,
  row_no    int NOT NULL,
  cells     jsonb NOT NULL,
  message   text NOT NULL,
  PRIMARY KEY (import_id, row_no)
);

-- The uploaded file, in 1 MB chunks: any node can run (or resume) the import, and backups include it.
CREATE TABLE atrium.import_chunks (
  import_id uuid NOT NULL REFERENCES atrium.imports(id) ON DELETE CASCADE,
  seq       int NOT NULL,
  data      bytea NOT NULL,
  PRIMARY KEY (import_id, seq)
);
