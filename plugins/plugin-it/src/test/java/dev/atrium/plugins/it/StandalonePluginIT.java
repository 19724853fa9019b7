package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A plugin developer's first hour outside this repository: {@code ./atrium plugin new} writes a project in
 * a temporary folder, and Maven builds it offline, with only the SDK as installed (plugin parent,
 * plugin-api, plugin-testkit): compiled, its contract test passed, packaged, signed, and its harness test
 * run against the real platform with the signed jar. A bad id is refused with one line.
 */
class StandalonePluginIT {
    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void aPluginWrittenByTheLauncherBuildsAndPassesItsTestsOutsideTheRepository() throws Exception {
        Path dir = Files.createTempDirectory("atrium-plugin-").resolve("acme-notes");
        assertTrue(!dir.startsWith(REPO), "outside the repository");
        Result written = run(
                REPO,
                "bash",
                REPO.resolve("atrium").toString(),
                "plugin",
                "new",
                "acme-notes",
                "--package",
                "com.acme.notes",
                "--dir",
                dir.toString());
        assertEquals(0, written.code(), written.output());
        assertTrue(Files.isRegularFile(dir.resolve("src/main/java/com/acme/notes/HelloWorld.java")));

        Result built = run(dir, "mvn", "-o", "-B", "verify");
        assertEquals(0, built.code(), "the standalone build:\n" + tail(built.output()));
        assertTrue(Files.isRegularFile(dir.resolve("target/acme-notes-0.1.0-SNAPSHOT.jar")));
        String contract = Files.readString(dir.resolve("target/surefire-reports/com.acme.notes.HelloWorldTest.txt"));
        assertTrue(contract.contains("Failures: 0, Errors: 0"), contract);
        String harness = Files.readString(dir.resolve("target/failsafe-reports/failsafe-summary.xml"));
        assertTrue(harness.contains("<completed>1</completed>") && harness.contains("<failures>0</failures>"), harness);

        Result bad = run(REPO, "bash", REPO.resolve("atrium").toString(), "plugin", "new", "Bad_Id");
        assertEquals(1, bad.code());
        assertEquals(1, bad.output().strip().lines().count(), bad.output());
    }

    record Result(int code, String output) {}

    static Result run(Path dir, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment()
                .put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), String.join(" ", List.of(command)));
        return new Result(p.exitValue(), out);
    }

    static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
