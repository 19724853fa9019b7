package dev.atrium.http;

import dev.atrium.internal.Body;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.openapi.OpenApiGenerator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP API and the browser app. Routing starts on the event loop; every API request then continues on
 * a virtual thread of its own ({@link RequestThreads}), so handlers await database futures and read top to
 * bottom, and a slow request never holds up another. Bodies are read after authentication, with a small
 * limit for the few public routes.
 */
public final class ApiVerticle extends VerticleBase {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /** Bodies of requests nobody has authenticated yet (login, setup, public plugin routes). */
    static final long PUBLIC_BODY_LIMIT = 64 * 1024;

    static final long BODY_LIMIT = 16L * 1024 * 1024;
    static final long PLUGIN_JAR_LIMIT = 64L * 1024 * 1024;

    private final ApiServices platform;
    private final int port;
    private HttpServer server;

    public ApiVerticle(ApiServices platform, int port) {
        this.platform = platform;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router r = Router.router(vertx);
        r.route().handler(ctx -> {
            // a request id: the caller's (a balancer's) when it is sane, else a new one; answered and logged
            String id = ctx.request().getHeader("X-Request-Id");
            if (id == null || !id.matches("[A-Za-z0-9._:-]{1,64}"))
                id = java.util.UUID.randomUUID().toString();
            ctx.put(Problems.REQUEST_ID, id);
            ctx.response().putHeader("X-Request-Id", id);
            ctx.response()
                    .putHeader("Content-Security-Policy", CSP)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Frame-Options", "DENY");
            ctx.next();
        });
        Metrics metrics = Metrics.of(platform);
        r.route().handler(metrics::time);
        r.route("/api/*").handler(RequestThreads::pauseAndDispatch);
        r.route("/ext/*").handler(RequestThreads::dispatch);
        new Health(platform).mount(r);
        AuthRouter auth = new AuthRouter(platform.auth(), platform.config().secureCookies());
        var publicBody = RequestThreads.readBody(PUBLIC_BODY_LIMIT);
        r.post("/api/v1/auth/login").handler(publicBody);
        r.route("/api/v1/setup").handler(publicBody);
        PluginRouter plugins = new PluginRouter(platform);
        r.route("/api/v1/ext/*").handler(ctx -> {
            if (plugins.isPublic(ctx)) publicBody.handle(ctx);
            else ctx.next();
        });
        r.route("/api/*").handler(RequestThreads::afterBody);
        auth.mountPublic(r);
        var setup = new dev.atrium.tenant.SetupService(platform.pool());
        r.get("/api/v1/setup").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("needed", setup.needed())));
        r.post("/api/v1/setup")
                .handler(ctx -> Http.json(
                        ctx,
                        201,
                        setup.setup(Body.of(Http.body(ctx), "tenant", "name", "email", "password", "displayName"))));
        plugins.mountPublic(r);
        AuthHandler authHandler = new AuthHandler(platform.auth());
        r.route("/api/*").handler(authHandler::handle);
        r.post("/api/v1/plugins").handler(RequestThreads.readBody(PLUGIN_JAR_LIMIT));
        r.post("/api/v1/packages").handler(RequestThreads.readBody(PackagesRouter.ARCHIVE_LIMIT));
        r.post("/api/v1/imports").handler(RequestThreads.readBody(dev.atrium.imports.Imports.MAX_BYTES));
        r.post("/api/v1/records/:entity/:id/attachments")
                .handler(RequestThreads.readBody(dev.atrium.files.Attachments.MAX_FILE + 1));
        r.route("/api/*").handler(RequestThreads.readBody(BODY_LIMIT));
        r.route("/api/*").handler(RequestThreads::afterBody);
        // the records API first: most requests are for it, and a router tries its routes in order
        RecordsRouter recordsRouter = new RecordsRouter(
                platform.records(),
                platform.bulk(),
                platform.search(),
                platform.metadata(),
                platform.tenants(),
                platform.access(),
                platform.export(),
                new dev.atrium.record.IdempotentCreates(platform.pool(), platform.records()));
        recordsRouter.mount(r);
        auth.mount(r);
        plugins.mount(r);
        new MetadataRouter(
                        platform.deployments(),
                        platform.metadata(),
                        platform.tenants(),
                        platform.types(),
                        platform.access(),
                        platform.rules())
                .mount(r);
        new ProcessRouter(platform, recordsRouter::context).mount(r);
        new AnalyticsRouter(platform, recordsRouter::context).mount(r);
        new ImportsRouter(platform, recordsRouter::context).mount(r);
        new FilesRouter(platform, recordsRouter::context).mount(r);
        new ArchiveRouter(platform, recordsRouter::context).mount(r);
        metrics.mount(r);
        new CurrencyRouter(platform).mount(r);
        var accessAdmin = new dev.atrium.access.AccessAdmin(
                platform.pool(), platform.access(), platform.auth(), platform.types());
        new AccessRouter(
                        accessAdmin,
                        platform.access(),
                        new dev.atrium.access.RecordSharing(platform.pool()),
                        platform.auth(),
                        platform.tenants(),
                        platform.metadata(),
                        platform.audit())
                .mount(r);
        new AuditRouter(platform.audit(), accessAdmin, platform.metadata(), platform.access(), platform.views())
                .mount(r);
        new JobsRouter(platform.pool(), platform).mount(r);
        new InboxRouter(platform.inbox()).mount(r);
        new ApprovalRouter(platform.approvals(), platform).mount(r);
        new PackagesRouter(platform).mount(r);
        new OperatorRouter(platform.operatorTenants()).mount(r);
        OpenApiGenerator openApi =
                new OpenApiGenerator(platform.types(), platform.config().maxPageSize());
        r.get("/api/v1/openapi.json").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            var snap = platform.metadata().snapshot(p.tenantId());
            // a caller who may not read every definition gets the document of what they may use
            var acc = platform.access().of(p, snap);
            if (acc != dev.atrium.access.Access.FULL) {
                List<EntityDef> mine = new ArrayList<>();
                for (EntityDef e : snap.entities()) {
                    if (!acc.can(e, "read")) continue;
                    mine.add(e.withFields(e.fields().stream()
                            .filter(f -> acc.fields().visible(e, f))
                            .toList()));
                }
                snap = dev.atrium.metadata.model.MetadataSnapshot.of(snap.version(), mine);
            }
            Http.json(
                    ctx,
                    200,
                    openApi.generate(
                            snap,
                            platform.tenants().byId(p.tenantId()).name(),
                            ctx.request().scheme() + "://" + ctx.request().authority()));
        });
        r.route("/api/*").handler(ctx -> ctx.fail(404));
        // the charting library of reports and dashboards, from its WebJar (see ui-static's pom)
        r.route("/vendor/echarts/*")
                .handler(StaticHandler.create("META-INF/resources/webjars/echarts/5.3.1/dist")
                        .setCachingEnabled(true));
        // the app's icons, from their WebJar (see ui-static's pom)
        r.route("/vendor/icons/*")
                .handler(StaticHandler.create("META-INF/resources/webjars/bootstrap-icons/1.11.3/icons")
                        .setCachingEnabled(true));
        r.route()
                .handler(StaticHandler.create("atrium-ui")
                        .setCachingEnabled(true)
                        .setIndexPage("index.html"));
        r.route("/api/*").failureHandler(Problems::handle);
        r.route().failureHandler(Problems::handle);
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setCompressionSupported(true)
                        .setHost(platform.config().host())
                        .setMaxInitialLineLength(InvalidRequests.MAX_LINE))
                .invalidRequestHandler(InvalidRequests::answer)
                .requestHandler(r);
        return server.listen(port);
    }

    /**
     * The drain: the server stops accepting connections, idle keep-alive connections close, and requests in
     * flight finish (their connections close after the answer) within {@code drainSeconds}; event streams
     * end at once so that their browsers reconnect elsewhere.
     */
    @Override
    public Future<?> stop() {
        return server.shutdown(platform.config().drainSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }
}
