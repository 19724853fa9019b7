package dev.atrium.metadata.diff;

/**
 * Names of the database objects the platform derives from metadata. Derived from stable ids, so
 * renames never touch them, and short enough for PostgreSQL's 63-byte limit (ids are at most 32).
 */
public final class Names {
    private Names() {}

    public static String asideTable(String id) {
        return "_del_" + id;
    }

    public static String asideColumn(String fieldId, int part) {
        return part == 0 ? "_del_" + fieldId : "_del_" + fieldId + "_" + part;
    }

    public static String backupColumn(String fieldId, int part) {
        return part == 0 ? "_bak_" + fieldId : "_bak_" + fieldId + "_" + part;
    }

    public static String index(String fieldId) {
        return "ix_" + fieldId;
    }

    public static String uniqueIndex(String fieldId) {
        return "ux_" + fieldId;
    }

    public static String trigramIndex(String fieldId) {
        return "tg_" + fieldId;
    }

    public static String foreignKey(String fieldId) {
        return "fk_" + fieldId;
    }

    public static String sequence(String fieldId) {
        return "seq_" + fieldId;
    }

    public static String ownerIndex(String entityId) {
        return "ix_" + entityId + "_owner";
    }

    /** The index behind the default list order (newest first) of an entity's live records. */
    public static String recentIndex(String entityId) {
        return "ix_" + entityId + "_recent";
    }
}
