package dev.atrium;

import dev.atrium.access.AccessService;
import dev.atrium.audit.AuditService;
import dev.atrium.audit.ViewLog;
import dev.atrium.auth.AuthService;
import dev.atrium.config.AtriumConfig;
import dev.atrium.db.Database;
import dev.atrium.db.Notifications;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.http.ApiVerticle;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.record.BulkService;
import dev.atrium.record.ExportService;
import dev.atrium.record.RecordService;
import dev.atrium.record.SearchService;
import dev.atrium.rules.RuleEngine;
import dev.atrium.rules.RuleRunner;
import dev.atrium.schema.SchemaMigrator;
import dev.atrium.tenant.TenantService;
import dev.atrium.workflow.JobRunner;
import dev.atrium.workflow.SsrfGuard;
import dev.atrium.workflow.Webhooks;
import dev.atrium.workflow.WorkflowDispatcher;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Atrium node: database, services and (when {@link #serve} is called) the HTTP API. The
 * wiring is plain constructors, in the order a request flows. {@link #blocking} runs service code on a
 * virtual thread, for the CLI and start-up tasks outside HTTP requests.
 */
public final class Platform implements AutoCloseable, dev.atrium.http.ApiServices {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final int POOL_SIZE = 24;

    private final AtriumConfig config;
    private final Database database;
    private final Vertx vertx;
    private final Pool pool;
    private final FieldTypeRegistry types;
    private final TenantService tenants;
    private final AuthService auth;
    private final MetadataRegistry metadata;
    private final Notifications notifications;
    private final SchemaMigrator migrator;
    private final DeploymentService deployments;
    private final RecordService records;
    private final BulkService bulk;
    private final SearchService search;
    private final AccessService access;
    private final AuditService audit;
    private final ViewLog views;
    private final RuleEngine ruleEngine;
    private final WorkflowDispatcher dispatcher;
    private final JobRunner jobs;
    private final Webhooks webhooks;
    private final dev.atrium.inbox.Inbox inbox;
    private final dev.atrium.approval.ApprovalService approvals;
    private final ExportService export;
    private final dev.atrium.files.Attachments attachments;
    private final dev.atrium.plugins.PluginHost pluginHost;
    private final dev.atrium.plugins.PluginServices plugins;
    private final dev.atrium.packages.PackageService packages;
    private final boolean pluginUploads;
    private int port = -1;
    private final Background background;

    private Platform(AtriumConfig config, Database database, dev.atrium.plugins.PluginConfig pluginConfig) {
        this.config = config;
        this.database = database;
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        this.pool = database.pool(vertx, POOL_SIZE);
        this.pluginHost = new dev.atrium.plugins.PluginHost(pool, pluginConfig);
        this.pluginUploads = !"false".equalsIgnoreCase(System.getenv("ATRIUM_PLUGIN_UPLOADS"));
        this.types = FieldTypeRegistry.builtIn().withResolver(pluginHost.fieldTypeResolver());
        this.tenants = new TenantService(pool);
        this.auth = new AuthService(pool, tenants);
        this.metadata = new MetadataRegistry(pool);
        this.notifications = new Notifications(vertx, database.connectOptions());
        this.migrator = new SchemaMigrator();
        this.ruleEngine = new RuleEngine(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.deployments = new DeploymentService(pool, metadata, migrator, types, ruleEngine);
        this.views = new ViewLog(pool);
        this.audit = new AuditService(pool);
        RuleRunner ruleRunner = new RuleRunner(ruleEngine);
        this.records = new RecordService(pool, types, config.maxPageSize(), views, ruleRunner);
        // rules see records as the API shows one: many-to-many links included (a price book's entries)
        ruleRunner.setQueryHost((ctx, entity, filter, sort, limit) -> records.withLinks(
                ctx,
                entity,
                records.list(
                                ctx,
                                entity,
                                new dev.atrium.metadata.query.ListRequest(filter, sort, null, limit, null, false),
                                false,
                                java.util.List.of())
                        .getJsonArray("data")));
        this.bulk = new BulkService(records);
        this.dispatcher = new WorkflowDispatcher(pool, metadata);
        this.webhooks = new Webhooks(vertx, pool, SsrfGuard.fromEnvironment());
        this.inbox = new dev.atrium.inbox.Inbox(pool);
        this.approvals = new dev.atrium.approval.ApprovalService(pool, records, tenants, metadata);
        this.approvals.setInbox(inbox);
        this.jobs = new JobRunner(pool, metadata, tenants, records, types, webhooks, inbox, approvals);
        this.background = new Background(vertx, this, jobs);
        this.jobs.setRuleEngine(ruleEngine);
        SsrfGuard guard = webhooks.guard();
        this.deployments.setUrlCheck(url -> {
            try {
                guard.checkUrl(url);
                return null;
            } catch (SsrfGuard.Refused r) {
                return r.getMessage();
            }
        });
        this.plugins = new dev.atrium.plugins.PluginServices(
                pluginHost, pool, records, metadata, tenants, deployments, guard, vertx);
        this.pluginHost.bind(plugins);
        this.records.setBeforeSave(plugins.beforeSave());
        this.jobs.setPlugins(plugins);
        this.dispatcher.setPlugins(plugins);
        this.ruleEngine.setFunctions(plugins::callFunction);
        this.deployments.setActionCheck(plugins::checkAction);
        this.export = new ExportService(records, views, types);
        this.attachments = new dev.atrium.files.Attachments(
                pool, records, new dev.atrium.files.LocalFileStore(config.dataDir()), views);
        this.attachments.setScanner(plugins.uploadScanner());
        this.plugins.setAttachments(attachments);
        this.search = new SearchService(pool, types);
        this.access = new AccessService(pool, types);
        this.jobs.setAccess(auth, access);
        this.packages = new dev.atrium.packages.PackageService(
                deployments,
                new dev.atrium.packages.PackageCatalog(pool),
                records,
                access,
                types,
                new dev.atrium.packages.PackageRequirements(
                        dev.atrium.plugins.PluginHost.PLATFORM_VERSION, this::enabledPluginVersion));
    }

    /** The version of a plugin enabled for a tenant, or null (what packages that need plugins check). */
    private String enabledPluginVersion(java.util.UUID tenant, String pluginId) {
        var state = pluginHost.tenantPlugins(tenant).get(pluginId);
        if (state == null || !state.enabled()) return null;
        return pluginHost.describe(pluginId, null).getString("version");
    }

    public dev.atrium.packages.PackageService packages() {
        return packages;
    }

    public dev.atrium.operator.OperatorTenants operatorTenants() {
        return new dev.atrium.operator.OperatorTenants(pool, tenants, auth, packages, deployments);
    }

    /** Starts the database (embedded unless configured) and the services. Blocking. */
    public static Platform start(AtriumConfig config) {
        return start(config, dev.atrium.plugins.PluginConfig.load(config.dataDir()));
    }

    /** Starts with explicit plugin settings (directory, trust store, dev mode). */
    public static Platform start(AtriumConfig config, dev.atrium.plugins.PluginConfig pluginConfig) {
        return start(config, pluginConfig, true, false);
    }

    /**
     * Starts for an administrative command (tenants, users) that touches no plugin: installed plugins are
     * left unloaded, so a command-line tool neither verifies jars nor runs plugin code.
     */
    public static Platform startForAdministration(AtriumConfig config) {
        return start(config, dev.atrium.plugins.PluginConfig.load(config.dataDir()), false, true);
    }

    /**
     * Starts for a command-line tool that may run beside a server on the same data directory (packages,
     * tenants with packages): it uses that server's database, loads plugins and serves nothing.
     */
    public static Platform startTool(AtriumConfig config) {
        return start(config, dev.atrium.plugins.PluginConfig.load(config.dataDir()), true, true);
    }

    private static Platform start(
            AtriumConfig config, dev.atrium.plugins.PluginConfig pluginConfig, boolean loadPlugins, boolean beside) {
        Database db = Database.start(config, beside);
        Platform p = new Platform(config, db, pluginConfig);
        p.blocking(() -> {
            p.metadata.listen(p.notifications);
            p.auth.listen(p.notifications);
            p.access.listen(p.notifications);
            p.inbox.listen(p.notifications);
            p.pluginHost.listen(p.notifications);
            p.notifications.connect();
            p.audit.ensurePartitions();
            if (loadPlugins) p.pluginHost.loadInstalled();
            return null;
        });
        return p;
    }

    /** Starts the HTTP API; returns the port it listens on. */
    public int serve() {
        int wanted = config.port() == 0 ? freePort() : config.port();
        DeploymentOptions options = new DeploymentOptions().setInstances(config.httpInstances());
        vertx.deployVerticle(() -> new ApiVerticle(this, wanted), options)
                .toCompletionStage()
                .toCompletableFuture()
                .join();
        port = wanted;
        background.start();
        LOG.info("Atrium API listening on port {}", port);
        return port;
    }

    /** Runs service code on a virtual thread and waits for it (services await futures). */
    public <T> T blocking(Callable<T> work) {
        return dev.atrium.internal.VirtualThreads.call(work);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public int poolSize() {
        return POOL_SIZE;
    }

    public int port() {
        return port;
    }

    public AtriumConfig config() {
        return config;
    }

    public Notifications notifications() {
        return notifications;
    }

    public Database database() {
        return database;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    public FieldTypeRegistry types() {
        return types;
    }

    public TenantService tenants() {
        return tenants;
    }

    public AuthService auth() {
        return auth;
    }

    public MetadataRegistry metadata() {
        return metadata;
    }

    public SchemaMigrator migrator() {
        return migrator;
    }

    public DeploymentService deployments() {
        return deployments;
    }

    public RecordService records() {
        return records;
    }

    public BulkService bulk() {
        return bulk;
    }

    public SearchService search() {
        return search;
    }

    public AccessService access() {
        return access;
    }

    public AuditService audit() {
        return audit;
    }

    public RuleEngine rules() {
        return ruleEngine;
    }

    public WorkflowDispatcher dispatcher() {
        return dispatcher;
    }

    public JobRunner jobs() {
        return jobs;
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    public dev.atrium.inbox.Inbox inbox() {
        return inbox;
    }

    public dev.atrium.approval.ApprovalService approvals() {
        return approvals;
    }

    public ViewLog views() {
        return views;
    }

    public dev.atrium.files.Attachments attachments() {
        return attachments;
    }

    public ExportService export() {
        return export;
    }

    public dev.atrium.plugins.PluginServices plugins() {
        return plugins;
    }

    public dev.atrium.plugins.PluginHost pluginHost() {
        return pluginHost;
    }

    public boolean pluginUploadsAllowed() {
        return pluginUploads;
    }

    @Override
    public void close() {
        try {
            // stop taking requests, let those in flight (and the job in flight) finish within the drain
            // bound, and only then close the services they use
            var drain = java.time.Duration.ofSeconds(config.drainSeconds());
            var undeploying = java.util.Set.copyOf(vertx.deploymentIDs()).stream()
                    .map(vertx::undeploy)
                    .toList();
            background.stop(drain);
            for (var u : undeploying) awaitClose("the HTTP server", u, drain.plusSeconds(5));
            views.close();
            pluginHost.close();
            ruleEngine.close();
            notifications.close();
            awaitClose("the database pool", pool.close(), java.time.Duration.ofSeconds(10));
            awaitClose("Vert.x", vertx.close(), java.time.Duration.ofSeconds(10));
        } finally {
            database.close();
        }
    }

    /** Waits a bounded time for a close: a request still holding a connection must not keep the node from stopping. */
    private static void awaitClose(String what, io.vertx.core.Future<Void> closing, java.time.Duration bound) {
        try {
            closing.toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{} did not close within {} s; stopping anyway", what, bound.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn(
                    "closing {} failed: {}",
                    what,
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
