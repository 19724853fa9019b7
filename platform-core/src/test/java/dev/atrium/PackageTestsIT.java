package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.cli.PackageTestCommand;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Package tests run as `./atrium package test` runs them, in a throwaway organisation: every bundled package's
 * tests pass, and a test that expects the wrong thing fails at its step with the reason.
 */
class PackageTestsIT {
    @Test
    void everyBundledPackagesTestsPass() {
        Platform p = TestPlatform.get();
        java.util.List<String> bundled = new java.util.ArrayList<>();
        dev.atrium.metadata.io.MetadataReader.parse(readString("../industry-templates/packages.json"))
                .forEach(n -> bundled.add(n.asString()));
        assertFalse(bundled.isEmpty());
        for (String id : bundled) {
            PackageDef pkg = PackageReader.read(PackageFiles.directory(Path.of("../industry-templates", id)));
            assertFalse(pkg.tests().isEmpty(), id + " ships tests");
            JsonObject result = p.blocking(() -> PackageTestCommand.run(p, pkg));
            assertTrue(result.getBoolean("passed"), id + ": " + result.encodePrettily());
            assertEquals(pkg.tests().size(), result.getJsonArray("tests").size());
        }
    }

    private static String readString(String path) {
        try {
            return java.nio.file.Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aWrongExpectationFailsAtItsStepWithTheReason() {
        Platform p = TestPlatform.get();
        Map<String, String> files = new TreeMap<>();
        files.put("package.json", """
                {"id": "mini", "version": "1.0.0"}""");
        files.put("entities/gadget.json", """
                {"id": "ent_gadget", "name": "gadget", "fields": [
                  {"id": "fld_g_name", "name": "name", "type": "text", "required": true},
                  {"id": "fld_g_price", "name": "price", "type": "decimal"},
                  {"id": "fld_g_double", "name": "double", "type": "formula", "returns": "number",
                   "expression": "price * 2"}]}""");
        files.put("tests/pricing.json", """
                {"name": "doubling", "steps": [
                  {"create": "gadget", "as": "g", "values": {"name": "G", "price": 5}},
                  {"expect": "@g", "values": {"double": 10}},
                  {"create": "gadget", "values": {"price": 1}, "expectError": {"field": "name"}},
                  {"expect": "@g", "values": {"double": 11}}]}""");
        PackageDef pkg = PackageReader.read(files);
        JsonObject result = p.blocking(() -> PackageTestCommand.run(p, pkg));
        assertFalse(result.getBoolean("passed"), result.encodePrettily());
        JsonObject failure = result.getJsonArray("tests").getJsonObject(0).getJsonObject("failure");
        assertEquals(3, failure.getInteger("step"), "steps 0-2 passed, 3 expects the wrong value: " + failure);
        assertTrue(failure.getString("message").contains("double is 10"), failure.encode());
        assertTrue(
                p.blocking(() -> p.tenants().all()).stream()
                        .noneMatch(t -> t.slug().startsWith("pkgtest_")),
                "the throwaway organisation is removed");
    }
}
