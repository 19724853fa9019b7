package dev.atrium.metadata.ddl;

import static dev.atrium.metadata.sql.Sql.ident;
import static dev.atrium.metadata.sql.Sql.literal;

import dev.atrium.metadata.diff.Change;
import dev.atrium.metadata.diff.Change.AddColumn;
import dev.atrium.metadata.diff.Change.AddForeignKey;
import dev.atrium.metadata.diff.Change.AlterColumnType;
import dev.atrium.metadata.diff.Change.CreateAutonumber;
import dev.atrium.metadata.diff.Change.CreateIndex;
import dev.atrium.metadata.diff.Change.CreateJunction;
import dev.atrium.metadata.diff.Change.CreateTable;
import dev.atrium.metadata.diff.Change.DropForeignKey;
import dev.atrium.metadata.diff.Change.DropIndex;
import dev.atrium.metadata.diff.Change.RenameColumn;
import dev.atrium.metadata.diff.Change.RenamePicklistValue;
import dev.atrium.metadata.diff.Change.RenameTable;
import dev.atrium.metadata.diff.Change.RestoreColumn;
import dev.atrium.metadata.diff.Change.SetAsideColumn;
import dev.atrium.metadata.diff.Change.SetAsideTable;
import dev.atrium.metadata.diff.MigrationPlan;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns plan steps into PostgreSQL statements for one tenant schema. Pure text generation; running
 * it is the platform's SchemaMigrator's job alone.
 */
public final class DdlWriter {
    private final String schema;

    public DdlWriter(String schema) {
        this.schema = schema;
    }

    public List<String> sql(MigrationPlan plan) {
        List<String> out = new ArrayList<>();
        for (Change c : plan.changes()) out.addAll(sql(c));
        return out;
    }

    public List<String> sql(Change change) {
        return switch (change) {
            case CreateTable c ->
                List.of(
                        createTable(c),
                        "CREATE TRIGGER \"audit_row\" AFTER INSERT OR UPDATE OR DELETE ON "
                                + t(c.entity().name()) + " FOR EACH ROW EXECUTE FUNCTION atrium.audit_row()");
            case RenameTable c -> List.of("ALTER TABLE " + t(c.from()) + " RENAME TO " + ident(c.to()));
            case SetAsideTable c -> List.of("ALTER TABLE " + t(c.table()) + " RENAME TO " + ident(c.asideName()));
            case AddColumn c ->
                List.of("ALTER TABLE " + t(c.table()) + " ADD COLUMN "
                        + ident(c.column().name()) + " " + c.column().sqlType());
            case RenameColumn c -> List.of(renameColumn(c.table(), c.from(), c.to()));
            case SetAsideColumn c -> List.of(renameColumn(c.table(), c.column(), c.asideName()));
            case RestoreColumn c -> List.of(renameColumn(c.table(), c.asideName(), c.column()));
            case AlterColumnType c -> alterType(c);
            case CreateIndex c -> List.of(createIndex(c));
            case DropIndex c -> List.of("DROP INDEX IF EXISTS " + t(c.name()));
            case AddForeignKey c ->
                List.of("ALTER TABLE " + t(c.table()) + " ADD CONSTRAINT " + ident(c.name())
                        + " FOREIGN KEY (" + ident(c.column()) + ") REFERENCES " + t(c.targetTable())
                        + " (\"id\") ON DELETE "
                        + (c.onDelete() == Change.OnDelete.CASCADE ? "CASCADE" : "SET NULL"));
            case DropForeignKey c ->
                List.of("ALTER TABLE " + t(c.table()) + " DROP CONSTRAINT IF EXISTS " + ident(c.name()));
            case CreateAutonumber c ->
                List.of(
                        "CREATE SEQUENCE IF NOT EXISTS " + t(c.sequence()),
                        "ALTER TABLE " + t(c.table()) + " ALTER COLUMN " + ident(c.column()) + " SET DEFAULT "
                                + literal(c.prefix()) + " || lpad(nextval(" + literal(schema + "." + c.sequence())
                                + ")::text, "
                                + c.digits() + ", '0')");
            case CreateJunction c -> List.of(createJunction(c));
            case Change.ClearPicklistValue c ->
                List.of(
                        c.multi()
                                ? "UPDATE " + t(c.table()) + " SET " + ident(c.column()) + " = array_remove("
                                        + ident(c.column()) + ", " + quoteValue(c.value()) + ") WHERE "
                                        + quoteValue(c.value()) + " = ANY(" + ident(c.column()) + ")"
                                : "UPDATE " + t(c.table()) + " SET " + ident(c.column()) + " = NULL WHERE "
                                        + ident(c.column()) + " = " + quoteValue(c.value()));
            case RenamePicklistValue c ->
                List.of(
                        c.multi()
                                ? "UPDATE " + t(c.table()) + " SET " + ident(c.column()) + " = array_replace("
                                        + ident(c.column()) + ", " + quoteValue(c.from()) + ", " + quoteValue(c.to())
                                        + ") WHERE " + quoteValue(c.from()) + " = ANY(" + ident(c.column()) + ")"
                                : "UPDATE " + t(c.table()) + " SET " + ident(c.column()) + " = " + quoteValue(c.to())
                                        + " WHERE " + ident(c.column()) + " = " + quoteValue(c.from()));
        };
    }

    private String createTable(CreateTable c) {
        StringBuilder sb =
                new StringBuilder("CREATE TABLE ").append(t(c.entity().name())).append(" (\n");
        sb.append("  \"id\" uuid PRIMARY KEY,\n");
        sb.append("  \"owner_id\" uuid,\n");
        sb.append("  \"created_at\" timestamptz NOT NULL DEFAULT now(),\n");
        sb.append("  \"created_by\" uuid,\n");
        sb.append("  \"updated_at\" timestamptz NOT NULL DEFAULT now(),\n");
        sb.append("  \"updated_by\" uuid,\n");
        sb.append("  \"version\" integer NOT NULL DEFAULT 1,\n");
        sb.append("  \"deleted_at\" timestamptz");
        for (Column col : c.columns()) {
            sb.append(",\n  ").append(ident(col.name())).append(' ').append(col.sqlType());
        }
        return sb.append("\n)").toString();
    }

    private String createJunction(CreateJunction c) {
        StringBuilder sb =
                new StringBuilder("CREATE TABLE ").append(t(c.name())).append(" (\n");
        sb.append("  \"source_id\" uuid NOT NULL REFERENCES ")
                .append(t(c.sourceTable()))
                .append(" (\"id\") ON DELETE CASCADE,\n");
        sb.append("  \"target_id\" uuid NOT NULL REFERENCES ")
                .append(t(c.targetTable()))
                .append(" (\"id\") ON DELETE CASCADE,\n");
        for (Column col : c.attributes()) {
            sb.append("  ")
                    .append(ident(col.name()))
                    .append(' ')
                    .append(col.sqlType())
                    .append(",\n");
        }
        sb.append("  PRIMARY KEY (\"source_id\", \"target_id\")\n)");
        return sb.toString();
    }

    private List<String> alterType(AlterColumnType c) {
        String col = ident(c.column());
        if (c.safe()) {
            return List.of("ALTER TABLE " + t(c.table()) + " ALTER COLUMN " + col + " TYPE " + c.toType() + " USING "
                    + col + "::" + c.toType());
        }
        String bak = ident(c.backupColumn());
        return List.of(
                "ALTER TABLE " + t(c.table()) + " DROP COLUMN IF EXISTS " + bak,
                "ALTER TABLE " + t(c.table()) + " ADD COLUMN " + bak + " " + c.fromType(),
                "UPDATE " + t(c.table()) + " SET " + bak + " = " + col + " WHERE " + col + " IS NOT NULL",
                "ALTER TABLE " + t(c.table()) + " ALTER COLUMN " + col + " TYPE " + c.toType()
                        + " USING CASE WHEN pg_input_is_valid(" + col + "::text, " + typeLiteral(c.toType()) + ") THEN "
                        + col + "::text::" + c.toType() + " END");
    }

    /** SQL type names come from field types, never from users; still, only plain type syntax passes. */
    static String typeLiteral(String sqlType) {
        if (!sqlType.matches("^[a-z0-9(), \\[\\]]+$"))
            throw new IllegalArgumentException("unexpected SQL type " + sqlType);
        return "'" + sqlType + "'";
    }

    /** The default list order's index (also built for tables made before it existed: see Background). */
    public static String recentIndex(String quotedName, String quotedTable) {
        return "CREATE INDEX " + quotedName + " ON " + quotedTable
                + " (\"created_at\" DESC, \"id\") WHERE \"deleted_at\" IS NULL";
    }

    private String createIndex(CreateIndex c) {
        String col = ident(c.column());
        return switch (c.kind()) {
            case BTREE -> "CREATE INDEX " + ident(c.name()) + " ON " + t(c.table()) + " (" + col + ")";
            case UNIQUE ->
                "CREATE UNIQUE INDEX " + ident(c.name()) + " ON " + t(c.table()) + " (" + col
                        + ") WHERE \"deleted_at\" IS NULL";
            case TRIGRAM ->
                "CREATE INDEX " + ident(c.name()) + " ON " + t(c.table()) + " USING gin (" + col + " gin_trgm_ops)";
            case RECENT -> recentIndex(ident(c.name()), t(c.table()));
        };
    }

    private String renameColumn(String table, String from, String to) {
        return "ALTER TABLE " + t(table) + " RENAME COLUMN " + ident(from) + " TO " + ident(to);
    }

    private String t(String name) {
        return Sql.table(schema, name);
    }

    /** Picklist API values are free text: quote as a standard SQL string literal, doubling quotes. */
    private static String quoteValue(String v) {
        if (v.indexOf('\u0000') >= 0 || v.indexOf('\\') >= 0)
            throw new IllegalArgumentException("unsupported character in picklist value");
        return "'" + v.replace("'", "''") + "'";
    }
}
