package dev.atrium.demo;

import dev.atrium.Platform;
import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Installs a template's entities as one deployment. Templates ship as classpath resources
 * ({@code templates/<id>/template.json} listing its entity files) or as a directory of entity files.
 */
public final class TemplateInstaller {
    private TemplateInstaller() {}

    /** Entity documents of a bundled template. */
    public static List<MetadataDocument> bundled(String templateId) {
        JsonObject manifest = new JsonObject(resource("templates/" + templateId + "/template.json"));
        List<MetadataDocument> docs = new ArrayList<>();
        for (Object file : manifest.getJsonArray("entities")) {
            String path = "templates/" + templateId + "/" + file;
            docs.add(new MetadataDocument(String.valueOf(file), MetadataReader.parse(resource(path))));
        }
        return docs;
    }

    /** Entity documents of a directory: every {@code *.json} below it (sorted), each one entity. */
    public static List<MetadataDocument> directory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<MetadataDocument> docs = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".entity.json")
                            || (f.toString().endsWith(".json")
                                    && f.getParent().getFileName().toString().equals("entities")))
                    .sorted()
                    .toList()) {
                docs.add(new MetadataDocument(dir.relativize(p).toString(), MetadataReader.parse(Files.readString(p))));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Script files under a metadata directory, by path relative to it ({@code rules/x.js}). */
    public static java.util.Map<String, String> scripts(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            java.util.Map<String, String> out = new java.util.TreeMap<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Script files a bundled template lists under "scripts", by path. */
    public static java.util.Map<String, String> bundledScripts(String templateId) {
        JsonObject manifest = new JsonObject(resource("templates/" + templateId + "/template.json"));
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Object path : manifest.getJsonArray("scripts", new io.vertx.core.json.JsonArray())) {
            out.put(String.valueOf(path), resource("templates/" + templateId + "/" + path));
        }
        return out;
    }

    public static JsonObject install(Platform platform, Tenant tenant, List<MetadataDocument> docs, UUID actor) {
        return install(platform, tenant, docs, java.util.Map.of(), actor);
    }

    public static JsonObject install(
            Platform platform,
            Tenant tenant,
            List<MetadataDocument> docs,
            java.util.Map<String, String> scripts,
            UUID actor) {
        return platform.deployments()
                .deploy(tenant, new DeploymentRequest(docs, false, List.of(), false, false, actor, scripts));
    }

    private static String resource(String path) {
        try (InputStream in = TemplateInstaller.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no bundled template resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
