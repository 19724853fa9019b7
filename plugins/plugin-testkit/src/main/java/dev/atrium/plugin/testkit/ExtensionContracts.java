package dev.atrium.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.atrium.plugin.api.AtriumExtension;
import dev.atrium.plugin.api.ConfigProperty;
import dev.atrium.plugin.api.FieldTypeExtension;
import dev.atrium.plugin.api.ScheduledJob;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.TemplateContribution;
import dev.atrium.plugin.api.UiContribution;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Contract checks a plugin runs against its own extensions, in plain unit tests (no platform needed):
 * what the host will check when it loads the plugin, and what each extension point promises.
 */
public final class ExtensionContracts {
    private ExtensionContracts() {}

    /**
     * Every extension: a valid id, settings with valid, unique names, and the {@code @Extension} annotation PF4J needs.
     */
    public static void checkCommon(AtriumExtension e) {
        assertNotNull(e.id(), e.getClass().getName() + ".id() is null");
        assertTrue(
                e.id().matches("[a-z][a-z0-9_-]{0,39}"),
                "id \"" + e.id() + "\" must be lower case letters, digits, _ and -");
        Set<String> names = new HashSet<>();
        for (ConfigProperty p : e.settings())
            assertTrue(names.add(p.name()), "setting " + p.name() + " is declared twice");
        assertNotNull(e.access(), "access() must not be null");
        assertTrue(
                e.getClass().isAnnotationPresent(org.pf4j.Extension.class),
                e.getClass().getName() + " lacks @org.pf4j.Extension: PF4J would not find it");
    }

    /**
     * A field type: ids usable as metadata type names; every valid sample validates after normalizing and
     * normalizing is idempotent; every invalid sample gets a message; formatting never fails.
     */
    public static void checkFieldType(FieldTypeExtension t, List<String> valid, List<String> invalid) {
        checkCommon(t);
        assertTrue(t.id().matches("[a-z][a-z0-9_]*"), "a field type id must be a-z, 0-9 and _: " + t.id());
        assertTrue(t.maxLength() > 0 && t.maxLength() <= 10_000, "maxLength must be 1..10000");
        assertNotNull(t.label());
        for (String v : valid) {
            String n = t.normalize(v);
            assertNull(t.validate(n), t.id() + " should accept \"" + v + "\" (normalized \"" + n + "\")");
            assertEquals(n, t.normalize(n), t.id() + ": normalize must be idempotent for \"" + v + "\"");
            assertTrue(n.length() <= t.maxLength(), t.id() + ": \"" + n + "\" exceeds maxLength");
            for (Locale l : List.of(
                    Locale.ENGLISH,
                    Locale.forLanguageTag("es"),
                    Locale.forLanguageTag("zh-CN"),
                    Locale.forLanguageTag("ru"))) {
                assertDoesNotThrow(() -> t.format(n, l));
            }
        }
        for (String v : invalid) {
            String n = t.normalize(v);
            String message = t.validate(n);
            assertNotNull(message, t.id() + " should refuse \"" + v + "\"");
            assertTrue(message.length() > 10, t.id() + ": say what is wrong in a sentence, not \"" + message + "\"");
        }
    }

    /** A script function: a valid id, and a JSON-representable result for the sample arguments. */
    public static Object checkFunction(ScriptFunction f, List<Object> sampleArguments) {
        checkCommon(f);
        assertTrue(f.id().matches("[a-z][a-z0-9_]*"), "a function id must be a-z, 0-9 and _: " + f.id());
        Object result = f.call(sampleArguments);
        assertJson(result);
        return result;
    }

    private static void assertJson(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) return;
        if (v instanceof java.util.Map<?, ?> m) {
            for (var e : m.entrySet()) {
                assertTrue(e.getKey() instanceof String, "map keys must be strings");
                assertJson(e.getValue());
            }
            return;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) assertJson(o);
            return;
        }
        fail("a function result must be JSON (String, Number, Boolean, List, Map, null), not "
                + v.getClass().getName());
    }

    /** A scheduled job: a five-field cron expression the platform accepts. */
    public static void checkScheduledJob(ScheduledJob j) {
        checkCommon(j);
        assertNull(dev.atrium.workflow.Cron.check(j.cron()), "cron of " + j.id());
    }

    /** A template: every listed file exists and is a JSON entity document with a name. */
    public static void checkTemplate(TemplateContribution t) {
        checkCommon(t);
        assertTrue(!t.entityFiles().isEmpty(), "a template lists at least one entity file");
        for (String path : t.entityFiles()) {
            try (InputStream in = t.open(path)) {
                assertNotNull(in, "template file " + path + " is missing from the jar");
                io.vertx.core.json.JsonObject doc = new io.vertx.core.json.JsonObject(
                        new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                assertNotNull(doc.getString("name"), path + " has no entity name");
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    /** UI: navigation entries have labels and paths; asset paths under /ext/ resolve. */
    public static void checkUi(UiContribution u, String pluginId) {
        checkCommon(u);
        for (UiContribution.NavEntry n : u.navigation()) {
            assertTrue(n.label() != null && !n.label().isBlank(), "a navigation entry needs a label");
            assertTrue(
                    n.path().startsWith("#/") || n.path().startsWith("/ext/" + pluginId + "/"),
                    "navigation paths are #/... or /ext/" + pluginId + "/...: " + n.path());
            if (n.path().startsWith("/ext/")) {
                String file = n.path().substring(("/ext/" + pluginId + "/").length());
                try (InputStream in = u.asset(file)) {
                    assertNotNull(in, "asset " + file + " is missing");
                } catch (IOException e) {
                    fail(e);
                }
            }
        }
    }
}
