package dev.atrium.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's own paths, tagged by area: sign-in and tokens, search, metadata and deployments, people
 * and access, audit, jobs, notifications, approvals, imports, files, currencies, reports and dashboards,
 * plugins and the organisation archive. Their answers are JSON objects whose members the API reference
 * documents; requests and failures are declared like the records paths'.
 */
final class OpenApiPlatform {
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    /** method, path, tag, operationId, summary, request (json, binary or -), answer (json, 204, file, events). */
    private static final String[][] OPERATIONS = {
        {"post", "/api/v1/auth/login", "Auth", "login", "Sign in (a session cookie)", "json", "json"},
        {"post", "/api/v1/auth/logout", "Auth", "logout", "Sign out", "-", "204"},
        {"get", "/api/v1/auth/session", "Auth", "session", "Who is signed in", "-", "json"},
        {"post", "/api/v1/auth/password", "Auth", "changePassword", "Change your password", "json", "204"},
        {"get", "/api/v1/auth/tokens", "Auth", "listTokens", "Your API tokens", "-", "json"},
        {"post", "/api/v1/auth/tokens", "Auth", "createToken", "Create an API token (shown once)", "json", "json"},
        {"delete", "/api/v1/auth/tokens/{id}", "Auth", "revokeToken", "Revoke an API token", "-", "204"},
        {"get", "/api/v1/search", "Search", "search", "Search every searchable field", "-", "json"},
        {"get", "/api/v1/metadata/entities", "Metadata", "listEntities", "The objects and their fields", "-", "json"},
        {"get", "/api/v1/metadata/entities/{name}", "Metadata", "getEntity", "One object's definition", "-", "json"},
        {"get", "/api/v1/metadata/version", "Metadata", "metadataVersion", "The metadata version", "-", "json"},
        {"get", "/api/v1/metadata/deployments", "Metadata", "listDeployments", "Deployed versions", "-", "json"},
        {
            "post",
            "/api/v1/metadata/deployments",
            "Metadata",
            "deploy",
            "Deploy metadata (dryRun: the plan)",
            "json",
            "json"
        },
        {"post", "/api/v1/metadata/rollback", "Metadata", "rollback", "Deploy an earlier version again", "json", "json"
        },
        {"get", "/api/v1/users", "Access", "listUsers", "The organisation's people", "-", "json"},
        {"post", "/api/v1/users", "Access", "createUser", "Add a person", "json", "json"},
        {
            "patch",
            "/api/v1/users/{id}",
            "Access",
            "updateUser",
            "Change a person (language, time zone, role)",
            "json",
            "204"
        },
        {"get", "/api/v1/directory", "Access", "directory", "Names of the people, for user fields", "-", "json"},
        {
            "post",
            "/api/v1/access/permission-sets",
            "Access",
            "createPermissionSet",
            "Create a permission set",
            "json",
            "json"
        },
        {
            "put",
            "/api/v1/access/permission-sets/{id}",
            "Access",
            "updatePermissionSet",
            "Change a permission set",
            "json",
            "json"
        },
        {"post", "/api/v1/access/roles", "Access", "createRole", "Create a role", "json", "json"},
        {"post", "/api/v1/access/groups", "Access", "createGroup", "Create a group or team", "json", "json"},
        {"post", "/api/v1/access/sharing-rules", "Access", "createSharingRule", "Create a sharing rule", "json", "json"
        },
        {"get", "/api/v1/access/explain", "Access", "explainAccess", "Why someone sees a record or not", "-", "json"},
        {"get", "/api/v1/audit", "Audit", "listAudit", "The audit trail", "-", "json"},
        {"get", "/api/v1/audit/verify", "Audit", "verifyAudit", "Check the audit trail's hash chain", "-", "json"},
        {"get", "/api/v1/audit/view-log", "Audit", "getViewLog", "Whether record views are logged durably", "-", "json"
        },
        {"put", "/api/v1/audit/view-log", "Audit", "setViewLog", "Log record views durably or not", "json", "json"},
        {"get", "/api/v1/jobs", "Jobs", "listJobs", "Background jobs", "-", "json"},
        {"post", "/api/v1/jobs/{id}/retry", "Jobs", "retryJob", "Run a failed job again", "-", "json"},
        {"get", "/api/v1/notifications", "Notifications", "listNotifications", "Your notifications", "-", "json"},
        {"post", "/api/v1/notifications/{id}/read", "Notifications", "readNotification", "Mark as read", "-", "204"},
        {
            "get",
            "/api/v1/notifications/stream",
            "Notifications",
            "notificationStream",
            "Notifications as server-sent events",
            "-",
            "events"
        },
        {"get", "/api/v1/approvals", "Approvals", "listApprovals", "Approvals waiting for you", "-", "json"},
        {"post", "/api/v1/approvals/{id}/approve", "Approvals", "approve", "Approve", "json", "json"},
        {"post", "/api/v1/approvals/{id}/reject", "Approvals", "reject", "Reject", "json", "json"},
        {"get", "/api/v1/imports", "Imports", "listImports", "Your recent imports", "-", "json"},
        {"post", "/api/v1/imports", "Imports", "createImport", "Upload a CSV or XLSX file to import", "binary", "json"},
        {"get", "/api/v1/imports/{id}", "Imports", "getImport", "An import with its preview and progress", "-", "json"},
        {"patch", "/api/v1/imports/{id}", "Imports", "configureImport", "Change an import's settings", "json", "json"},
        {"post", "/api/v1/imports/{id}/start", "Imports", "startImport", "Start an import", "-", "json"},
        {
            "get",
            "/api/v1/imports/{id}/progress",
            "Imports",
            "importProgress",
            "Progress as server-sent events",
            "-",
            "events"
        },
        {"get", "/api/v1/imports/{id}/errors", "Imports", "importErrors", "The failed rows as CSV", "-", "file"},
        {"post", "/api/v1/imports/{id}/undo", "Imports", "undoImport", "Undo a whole import", "-", "json"},
        {"get", "/api/v1/files/{id}", "Files", "downloadFile", "Download a file", "-", "file"},
        {"get", "/api/v1/files/{id}/info", "Files", "fileInfo", "A file's name, type and size", "-", "json"},
        {"delete", "/api/v1/files/{id}", "Files", "deleteFile", "Remove a file", "-", "204"},
        {"get", "/api/v1/currencies", "Currencies", "currencies", "Corporate currency and rates", "-", "json"},
        {"put", "/api/v1/currencies", "Currencies", "setCorporateCurrency", "Set the corporate currency", "json", "json"
        },
        {"post", "/api/v1/currencies/rates", "Currencies", "putRates", "Add dated exchange rates", "json", "json"},
        {"get", "/api/v1/reports", "Reports", "listReports", "The reports you may run", "-", "json"},
        {"get", "/api/v1/reports/{entity}/{name}", "Reports", "runReport", "Run a report", "-", "json"},
        {"get", "/api/v1/dashboards", "Reports", "listDashboards", "The dashboards you may see", "-", "json"},
        {
            "get",
            "/api/v1/dashboards/{entity}/{name}",
            "Reports",
            "getDashboard",
            "A dashboard with its data",
            "-",
            "json"
        },
        {"get", "/api/v1/plugins", "Plugins", "listPlugins", "Installed plugins", "-", "json"},
        {"get", "/api/v1/plugins/{id}", "Plugins", "getPlugin", "One plugin with its settings", "-", "json"},
        {
            "post",
            "/api/v1/plugins/{id}/enable",
            "Plugins",
            "enablePlugin",
            "Enable a plugin for the organisation",
            "json",
            "json"
        },
        {"post", "/api/v1/plugins/{id}/disable", "Plugins", "disablePlugin", "Disable a plugin", "-", "json"},
        {"post", "/api/v1/plugins/{id}/jobs/{job}/run", "Plugins", "runPluginJob", "Run a plugin's job now", "-", "json"
        },
        {
            "get",
            "/api/v1/archive",
            "Organisation",
            "exportOrganisation",
            "The whole organisation as a ZIP archive",
            "-",
            "file"
        }
    };

    private OpenApiPlatform() {}

    static void add(JsonObject paths) {
        for (String[] o : OPERATIONS) {
            JsonObject op = Operations.op(o[2], o[3], o[4]);
            switch (o[6]) {
                case "204" -> Operations.noContent(op);
                case "file" -> Operations.file(op, o[3].equals("exportOrganisation") ? "application/zip" : "*/*");
                case "events" ->
                    op.getJsonObject("responses")
                            .put(
                                    "200",
                                    new JsonObject()
                                            .put("description", "Server-sent events")
                                            .put(
                                                    "content",
                                                    new JsonObject()
                                                            .put(
                                                                    "text/event-stream",
                                                                    new JsonObject()
                                                                            .put(
                                                                                    "schema",
                                                                                    new JsonObject()
                                                                                            .put("type", "string")))));
                default ->
                    Operations.ok(
                            op,
                            o[0].equals("post") && o[3].startsWith("create") ? "201" : "200",
                            OpenApiSchemas.object());
            }
            if (o[5].equals("json")) op.put("requestBody", Operations.body(OpenApiSchemas.object()));
            if (o[5].equals("binary")) op.put("requestBody", Operations.binaryBody());
            if (o[1].startsWith("/api/v1/auth/login")) op.put("security", new JsonArray());
            JsonArray params = new JsonArray();
            Matcher m = PARAM.matcher(o[1]);
            while (m.find()) params.add(Operations.path(m.group(1), null));
            if (!params.isEmpty()) op.put("parameters", params);
            JsonObject item = paths.getJsonObject(o[1]);
            if (item == null) paths.put(o[1], item = new JsonObject());
            item.put(o[0], op);
        }
    }
}
