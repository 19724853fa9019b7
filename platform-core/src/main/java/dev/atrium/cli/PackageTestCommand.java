package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import dev.atrium.packages.PackageService;
import dev.atrium.packages.PackageTestRunner;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "test",
        description = "Run a package's tests (tests/*.json) in a throwaway organisation: the packages it requires"
                + " are installed from the catalog, then it, then every test runs; the organisation is removed after.")
public final class PackageTestCommand implements Callable<Integer> {
    @Mixin
    AtriumCli.DbOptions db = new AtriumCli.DbOptions();

    @Parameters(index = "0", description = "The package directory")
    Path dir;

    @Override
    public Integer call() {
        PackageDef pkg = PackageReader.read(PackageFiles.directory(dir));
        try (Platform platform = Platform.startTool(db.config())) {
            JsonObject result = platform.blocking(() -> run(platform, pkg));
            for (Object o : result.getJsonArray("tests")) {
                JsonObject t = (JsonObject) o;
                JsonObject f = t.getJsonObject("failure");
                System.out.println((t.getBoolean("passed") ? "  ok    " : "  FAIL  ")
                        + t.getString("name")
                        + (f == null ? "" : ": step " + f.getInteger("step") + ": " + f.getString("message")));
            }
            System.out.println(pkg.id() + " " + pkg.version() + ": "
                    + result.getJsonArray("tests").size() + " test(s), "
                    + (result.getBoolean("passed") ? "all passed" : "some failed"));
            return result.getBoolean("passed") ? 0 : 1;
        }
    }

    /** Installs the package and what it requires in a new organisation, runs its tests, removes the organisation. */
    public static JsonObject run(Platform platform, PackageDef pkg) {
        String slug = "pkgtest_" + UUID.randomUUID().toString().substring(0, 8);
        Tenant t = platform.tenants().create(slug, "Package test " + pkg.id());
        try {
            for (var required : pkg.requiredPackages().entrySet()) {
                PackageDef dep = platform.packages().catalog().newest(required.getKey(), required.getValue());
                if (dep == null) {
                    throw new IllegalStateException(
                            "the catalog has no " + required.getKey() + " " + required.getValue());
                }
                install(platform, t, dep);
            }
            install(platform, t, pkg);
            return new PackageTestRunner(
                            platform.pool(),
                            platform.metadata(),
                            platform.records(),
                            platform.audit(),
                            platform.dispatcher(),
                            platform.jobs(),
                            platform.approvals())
                    .run(t, pkg);
        } finally {
            platform.tenants().drop(t);
        }
    }

    private static void install(Platform platform, Tenant t, PackageDef p) {
        platform.packages()
                .run(
                        t,
                        PackageService.Action.INSTALL,
                        new PackageService.Request(p.id(), null, p, false, null, null, false, null));
    }
}
