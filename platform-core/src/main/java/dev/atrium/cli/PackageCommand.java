package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.metadata.merge.ThreeWayMerge.Side;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import dev.atrium.packages.PackageService;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "package",
        description =
                "Packages: validate one, install, upgrade and uninstall in organisations, list what is installed.",
        subcommands = {
            PackageCommand.Validate.class,
            PackageCommand.Ids.class,
            PackageCommand.ListInstalled.class,
            PackageCommand.Install.class,
            PackageCommand.Upgrade.class,
            PackageCommand.Uninstall.class,
            PackageTestCommand.class
        })
final class PackageCommand {
    @Command(
            name = "validate",
            description = "Check a package directory: its files, ids and translations. No database.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", description = "The package directory (with package.json)")
        Path dir;

        @Override
        public Integer call() {
            PackageDef p = PackageReader.read(PackageFiles.directory(dir));
            System.out.println(
                    p.id() + " " + p.version() + " is valid: " + p.entities().size() + " entities, "
                            + p.extensions().size() + " extensions, " + p.data().size() + " sample data files, "
                            + p.tests().size() + " tests");
            return 0;
        }
    }

    @Command(
            name = "ids",
            description = "Give every entity, field and picklist value of a package directory without an id one,"
                    + " writing the files back. Run it once before the first release.")
    static final class Ids implements Callable<Integer> {
        @Parameters(index = "0", description = "The package directory")
        Path dir;

        @Override
        public Integer call() throws Exception {
            int added = PackageIds.fill(dir);
            System.out.println(added == 0 ? "every id is there" : "added " + added + " id(s); review and commit them");
            return 0;
        }
    }

    @Command(name = "list", description = "The packages an organisation has installed and can install.")
    static final class ListInstalled implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Option(names = "--tenant", required = true)
        String tenant;

        @Override
        public Integer call() {
            try (Platform platform = Platform.startTool(db.config())) {
                JsonArray all = platform.blocking(() -> platform.packages().list(AtriumCli.tenant(platform, tenant)));
                for (Object o : all) {
                    JsonObject p = (JsonObject) o;
                    JsonObject installed = p.getJsonObject("installed");
                    System.out.printf(
                            "%-24s %-12s %s%n",
                            p.getString("id"),
                            installed == null ? "-" : installed.getString("version"),
                            installed == null
                                    ? "available: " + p.getString("newest")
                                    : p.getBoolean("upgradeAvailable", false)
                                            ? "upgrade to " + p.getString("newest")
                                            : "");
                }
            }
            return 0;
        }
    }

    /** What install, upgrade and uninstall share: where, how, and the decisions. */
    abstract static class Operation implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Option(names = "--tenant", description = "The organisation (slug)")
        String tenant;

        @Option(names = "--dry-run", description = "Show the plan and change nothing")
        boolean dryRun;

        @Option(
                names = "--decide",
                paramLabel = "PATH=tenant|package",
                description = "Decide one item of the plan: keep the organisation's (tenant) or take the package's")
        List<String> decide = new ArrayList<>();

        @Option(names = "--decide-all", description = "tenant or package for every item without its own decision")
        String decideAll;

        abstract PackageService.Action action();

        abstract String target();

        /** A catalog version given as {@code ID@VERSION}, else null (the newest). */
        String version() {
            int at = target().indexOf('@');
            return at < 0 || Files.isDirectory(Path.of(target())) ? null : target().substring(at + 1);
        }

        boolean sampleData() {
            return false;
        }

        boolean allTenants() {
            return false;
        }

        @Override
        public Integer call() {
            if ((tenant == null) == !allTenants()) {
                throw new IllegalArgumentException(
                        "give --tenant SLUG" + (action() == PackageService.Action.UPGRADE ? " or --all-tenants" : ""));
            }
            PackageDef fromDir = Files.isDirectory(Path.of(target()))
                    ? PackageReader.read(PackageFiles.directory(Path.of(target())))
                    : null;
            String id = fromDir != null ? fromDir.id() : target().replaceFirst("@.*$", "");
            Map<String, Side> decisions = new LinkedHashMap<>();
            for (String d : decide) {
                int eq = d.lastIndexOf('=');
                if (eq < 0) throw new IllegalArgumentException("--decide takes PATH=tenant or PATH=package, not " + d);
                decisions.put(d.substring(0, eq), side(d.substring(eq + 1)));
            }
            Side all = decideAll == null ? null : side(decideAll);
            try (Platform platform = Platform.startTool(db.config())) {
                return platform.blocking(() -> {
                    if (fromDir != null) platform.packages().catalog().add(platform.pool(), fromDir, null);
                    List<Tenant> tenants = new ArrayList<>();
                    if (tenant != null) tenants.add(AtriumCli.tenant(platform, tenant));
                    else tenants.addAll(PackageTenants.having(platform, id));
                    int failed = 0;
                    for (Tenant t : tenants) {
                        var req = new PackageService.Request(
                                id, version(), fromDir, dryRun, decisions, all, sampleData(), null);
                        try {
                            JsonObject result = platform.packages().run(t, action(), req);
                            PackagePlanPrinter.print(t.slug(), result);
                        } catch (dev.atrium.internal.ApiProblem problem) {
                            failed++;
                            PackagePlanPrinter.refused(t.slug(), problem, tenants.size() > 1);
                        }
                    }
                    if (failed > 0 && tenants.size() == 1) throw new IllegalStateException("nothing was changed");
                    return failed == 0 ? 0 : 1;
                });
            }
        }

        private static Side side(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "tenant" -> Side.TENANT;
                case "package" -> Side.PACKAGE;
                default -> throw new IllegalArgumentException("a decision is tenant or package, not " + v);
            };
        }
    }

    @Command(name = "install", description = "Install a package (a catalog id or a directory) in an organisation.")
    static final class Install extends Operation {
        @Parameters(index = "0", description = "ID or ID@VERSION from the catalog, or a package directory")
        String target;

        @Option(names = "--sample-data", description = "Also load the package's sample data")
        boolean sampleData;

        PackageService.Action action() {
            return PackageService.Action.INSTALL;
        }

        String target() {
            return target;
        }

        @Override
        boolean sampleData() {
            return sampleData;
        }
    }

    @Command(
            name = "upgrade",
            description = "Upgrade a package in one organisation, or in every one that has it (resumable: those"
                    + " already upgraded are skipped).")
    static final class Upgrade extends Operation {
        @Parameters(index = "0", description = "ID or ID@VERSION from the catalog, or a package directory")
        String target;

        @Option(names = "--all-tenants", description = "Every organisation that has the package installed")
        boolean allTenants;

        PackageService.Action action() {
            return PackageService.Action.UPGRADE;
        }

        String target() {
            return target;
        }

        @Override
        boolean allTenants() {
            return allTenants;
        }
    }

    @Command(name = "uninstall", description = "Remove a package's own metadata from an organisation, after a plan.")
    static final class Uninstall extends Operation {
        @Parameters(index = "0", description = "Package id")
        String target;

        PackageService.Action action() {
            return PackageService.Action.UNINSTALL;
        }

        String target() {
            return target;
        }
    }
}
