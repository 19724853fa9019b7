package dev.atrium.http;

import dev.atrium.access.AccessService;
import dev.atrium.approval.ApprovalService;
import dev.atrium.audit.AuditService;
import dev.atrium.auth.AuthService;
import dev.atrium.config.AtriumConfig;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.inbox.Inbox;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.plugins.PluginServices;
import dev.atrium.record.BulkService;
import dev.atrium.record.ExportService;
import dev.atrium.record.RecordService;
import dev.atrium.record.SearchService;
import dev.atrium.rules.RuleEngine;
import dev.atrium.tenant.TenantService;
import io.vertx.sqlclient.Pool;

/**
 * The services the HTTP API serves, as the running platform provides them. The API depends on this and
 * not on the platform that assembles it, so the composition root stays the only place that knows both.
 */
public interface ApiServices {
    AtriumConfig config();

    Pool pool();

    /** The most connections {@link #pool} opens. */
    int poolSize();

    FieldTypeRegistry types();

    TenantService tenants();

    AuthService auth();

    MetadataRegistry metadata();

    DeploymentService deployments();

    RecordService records();

    BulkService bulk();

    SearchService search();

    AccessService access();

    AuditService audit();

    RuleEngine rules();

    Inbox inbox();

    ApprovalService approvals();

    ExportService export();

    /** Views and exports, written to the audit trail. */
    dev.atrium.audit.ViewLog views();

    dev.atrium.files.Attachments attachments();

    PluginServices plugins();

    dev.atrium.packages.PackageService packages();

    dev.atrium.operator.OperatorTenants operatorTenants();

    /** Whether operators may upload plugin jars through the API ({@code ATRIUM_PLUGIN_UPLOADS}). */
    boolean pluginUploadsAllowed();
}
