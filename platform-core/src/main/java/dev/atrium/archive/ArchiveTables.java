package dev.atrium.archive;

import java.util.List;

/**
 * What an organisation archive holds besides its records: the rows of the platform's own tables that
 * belong to it, each with the query that selects them. Sessions, API tokens, jobs, imports, notifications
 * and the plugin settings (which may hold secrets) stay behind: they belong to the running installation.
 */
final class ArchiveTables {
    static final int FORMAT = 1;

    /** In restore order: a row's references come before it. */
    static final List<String> ORDER = List.of(
            "roles",
            "groups",
            "users",
            "group_members",
            "permission_sets",
            "user_permission_sets",
            "sharing_rules",
            "record_shares",
            "currency_settings",
            "exchange_rates",
            "tenant_packages",
            "attachments");

    private ArchiveTables() {}

    /** The rows of {@code table} of the organisation {@code $1}, each as one JSON object {@code j}. */
    static String select(String table) {
        return switch (table) {
            case "group_members" ->
                "SELECT to_jsonb(x) AS j FROM atrium.group_members x JOIN atrium.groups g ON g.id = x.group_id"
                        + " WHERE g.tenant_id = $1";
            case "user_permission_sets" ->
                "SELECT to_jsonb(x) AS j FROM atrium.user_permission_sets x JOIN atrium.users u ON u.id = x.user_id"
                        + " WHERE u.tenant_id = $1";
            // parents before children, so that a restore can insert them in file order
            case "roles" ->
                "WITH RECURSIVE r AS (SELECT x.*, 0 AS depth FROM atrium.roles x WHERE x.tenant_id = $1 AND"
                        + " x.parent_id IS NULL UNION ALL SELECT c.*, r.depth + 1 FROM atrium.roles c JOIN r ON"
                        + " c.parent_id = r.id) SELECT to_jsonb(r) - 'depth' AS j FROM r ORDER BY depth";
            default -> "SELECT to_jsonb(x) AS j FROM atrium." + table + " x WHERE x.tenant_id = $1";
        };
    }
}
