package dev.atrium.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

/**
 * Clients generated the way integrators generate them: openapi-generator on the live document of an
 * organisation, then compiled (Java native and okhttp-gson), imported (Python) or type-checked
 * (TypeScript fetch). The Java client then runs a whole scenario against the real platform: create, read
 * with its ETag, PATCH one field with If-Match, a stale If-Match answered 409 with a typed problem, a 422
 * with its pointer, list with a filter and a cursor, include=, a record read after a field was deployed
 * that the client does not know, delete.
 */
class GeneratedClientsIT {
    static final String DEAL = """
                        {"name": "deal", "titleField": "name", "fields": [
                          {"name": "name", "type": "text", "required": true, "maxLength": 120},
                          {"name": "stage", "type": "picklist", "required": true,
                           "values": [{"value": "proposal"}, {"value": "won"}, {"value": "lost"}]},
                          {"name": "amount", "type": "currency"},
                          {"name": "account", "type": "lookup", "target": "account"},
                          {"name": "closes_on", "type": "date"},
                          {"name": "details", "type": "json"},
                          {"name": "probability", "type": "percent"},
                          {"name": "weighted", "type": "formula", "returns": "number",
                           "expression": "probability * 2"}]}""";
    static PluginHarness h;
    static Path spec;
    static Path work;
    static String account;

    @BeforeAll
    static void start() throws IOException {
        h = PluginHarness.start();
        h.deploy(new JsonObject("""
                        {"name": "account", "titleField": "name", "fields": [
                          {"name": "name", "type": "text", "required": true}]}"""), new JsonObject(DEAL));
        account = h.api()
                .post("/api/v1/records/account", new JsonObject().put("name", "Northwind"))
                .json()
                .getString("id");
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "clients");
        spec = work.resolve("openapi.json");
        var doc = h.api().get("/api/v1/openapi.json");
        assertEquals(200, doc.status(), doc.body());
        Files.writeString(spec, doc.body());
    }

    @AfterAll
    static void stop() {
        if (h != null) h.close();
    }

    static Path generate(String generator, String library, Map<String, Object> properties) {
        Path out = work.resolve(generator + (library == null ? "" : "-" + library));
        CodegenConfigurator c = new CodegenConfigurator()
                .setGeneratorName(generator)
                .setInputSpec(spec.toString())
                .setOutputDir(out.toString())
                .setValidateSpec(true);
        if (library != null) c.setLibrary(library);
        properties.forEach(c::addAdditionalProperty);
        for (String off : List.of("apiTests", "modelTests", "apiDocs", "modelDocs")) c.addGlobalProperty(off, "false");
        new DefaultGenerator().opts(c.toClientOptInput()).generate();
        return out;
    }

    static Map<String, Object> javaPackages() {
        return Map.of(
                "invokerPackage", "dev.atrium.client",
                "apiPackage", "dev.atrium.client.api",
                "modelPackage", "dev.atrium.client.model",
                "useJakartaEe", true);
    }

    /** Compiles every Java source under {@code src} into {@code classes}; fails with javac's messages. */
    static void compile(Path src, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(src)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        Files.createDirectories(classes);
        try (StandardJavaFileManager fm = javac.getStandardFileManager(problems, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(
                            null,
                            fm,
                            problems,
                            List.of(
                                    "-d",
                                    classes.toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    "-proc:none",
                                    "-nowarn",
                                    "-Xlint:none"),
                            null,
                            fm.getJavaFileObjectsFromPaths(sources))
                    .call();
            StringBuilder msg = new StringBuilder();
            problems.getDiagnostics().stream()
                    .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .limit(15)
                    .forEach(d -> msg.append(
                                    d.getSource() == null ? "" : d.getSource().getName())
                            .append(':')
                            .append(d.getLineNumber())
                            .append(' ')
                            .append(d.getMessage(null))
                            .append('\n'));
            assertTrue(ok, "the generated client compiles:\n" + msg);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJavaNativeClientCompilesAndRunsTheWholeScenario() throws Exception {
        Path out = generate("java", "native", javaPackages());
        Path src = out.resolve("src/main/java");
        try (InputStream in = GeneratedClientsIT.class.getResourceAsStream("/JavaNativeScenario.java.txt")) {
            Files.write(src.resolve("dev/atrium/client/Scenario.java"), in.readAllBytes());
        }
        Path classes = out.resolve("classes");
        compile(src, classes);
        // a field deployed after the client was generated: the client reads records that carry it
        JsonObject later = new JsonObject(DEAL);
        later.getJsonArray("fields").add(new JsonObject().put("name", "region").put("type", "text"));
        h.deploy(later);
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedClientsIT.class.getClassLoader())) {
            var scenario = (Function<String[], List<String>>) loader.loadClass("dev.atrium.client.Scenario")
                    .getConstructor()
                    .newInstance();
            List<String> report = scenario.apply(
                    new String[] {"http://127.0.0.1:" + h.api().port(), h.api().token(), account});
            assertEquals(
                    List.of(
                            "created Fleet renewal 1250.50 EUR",
                            "retried true",
                            "etag \"1\"",
                            "patched won name kept Fleet renewal",
                            "stale 409 currentVersion 2",
                            "invalid 422 at /stage",
                            "pages 2+1 of 3",
                            "included true",
                            "read after a new field Fleet renewal",
                            "deleted 404"),
                    report);
        }
    }

    @Test
    void theOkHttpGsonClientCompiles() throws Exception {
        Path out = generate("java", "okhttp-gson", javaPackages());
        compile(out.resolve("src/main/java"), out.resolve("classes"));
    }

    @Test
    void thePythonClientImportsAndReadsARecordWithAnUnknownField() throws Exception {
        Path out = generate("python", null, Map.of("packageName", "atrium_client"));
        String script = """
                import json, sys
                sys.path.insert(0, sys.argv[1])
                from atrium_client.models.deal import Deal
                from atrium_client.models.deal_patch import DealPatch
                from atrium_client.api.deal_api import DealApi
                d = Deal.from_json(json.dumps({"id": "5f0c4e0e-1111-4c4c-8888-000000000001", "version": 1,
                    "name": "Fleet", "stage": "won", "amount": {"amount": 1250.5, "currency": "EUR"},
                    "added_later": "yes"}))
                print(d.name, d.amount.currency, d.additional_properties.get("added_later"))
                print(DealPatch(stage="lost").to_json())
                """;
        List<String> lines = run(out, "python3", "-c", script, out.toString());
        assertEquals("Fleet EUR yes", lines.get(0));
        assertEquals("{\"stage\": \"lost\"}", lines.get(1), "a PATCH sends only what was set");
    }

    @Test
    void theTypeScriptFetchClientTypeChecks() throws Exception {
        Path out = generate("typescript-fetch", null, Map.of("supportsES6", true));
        Files.writeString(out.resolve("tsconfig.json"), """
                {"compilerOptions": {"target": "ES2020", "module": "ES2020", "moduleResolution": "node",
                 "lib": ["ES2020", "DOM"], "strict": true, "noEmit": true, "skipLibCheck": true},
                 "include": ["**/*.ts"]}""");
        run(out, "tsc", "-p", out.resolve("tsconfig.json").toString());
    }

    /** Runs a command in {@code dir}; fails with its output unless it exits 0; returns its output lines. */
    static List<String> run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return new ArrayList<>(output.lines().toList());
    }
}
