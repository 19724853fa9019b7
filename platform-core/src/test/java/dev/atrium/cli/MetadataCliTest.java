package dev.atrium.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The offline metadata commands: validate and diff, no database. */
class MetadataCliTest {
    @TempDir
    Path tmp;

    private String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new AtriumCli()).execute(args);
            return code + "\n" + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }

    private Path dir(String name, String entityJson) throws Exception {
        Path d = tmp.resolve(name).resolve("entities");
        Files.createDirectories(d);
        Files.writeString(d.resolve("deal.json"), entityJson);
        return d.getParent();
    }

    @Test
    void diffPrintsThePlanAndSqlForNewAndChangedFields() throws Exception {
        Path a = dir("a", "{\"name\":\"deal\",\"fields\":[{\"name\":\"title\",\"type\":\"text\"}]}");
        Path b = dir(
                "b",
                "{\"name\":\"deal\",\"fields\":[{\"name\":\"title\",\"type\":\"text\",\"maxLength\":500},"
                        + "{\"name\":\"amount\",\"type\":\"currency\"}]}");
        String out = run("metadata", "diff", a.toString(), b.toString());
        assertTrue(out.startsWith("0"), out);
        assertTrue(out.contains("ALTER TABLE \"tenant\".\"deal\" ALTER COLUMN \"title\" TYPE varchar(500)"), out);
        assertTrue(
                out.contains("ADD COLUMN \"amount\" numeric(18,2)")
                        && out.contains("ADD COLUMN \"amount__currency\" char(3)"),
                out);
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        java.util.List<String[]> paths = new java.util.ArrayList<>();
        collect(new CommandLine(new AtriumCli()), new java.util.ArrayList<>(), paths);
        assertTrue(paths.size() > 10, "all commands are reached: " + paths.size());
        for (String[] path : paths) {
            String[] args = java.util.Arrays.copyOf(path, path.length + 1);
            args[path.length] = "--help";
            String out = run(args);
            String command = String.join(" ", path);
            assertTrue(out.startsWith("0\n"), "'atrium " + command + " --help' succeeds: " + out);
            assertTrue(out.contains("Usage: atrium"), "'atrium " + command + " --help' prints usage: " + out);
        }
    }

    private static void collect(CommandLine cmd, java.util.List<String> prefix, java.util.List<String[]> out) {
        out.add(prefix.toArray(String[]::new));
        for (var sub : cmd.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) continue;
            java.util.List<String> next = new java.util.ArrayList<>(prefix);
            next.add(sub.getKey());
            collect(sub.getValue(), next, out);
        }
    }

    @Test
    void validateAcceptsTheBundledTemplateAndRefusesBadFiles() throws Exception {
        String ok = run(
                "metadata",
                "validate",
                Path.of("../industry-templates/crm-core").toString());
        assertTrue(ok.startsWith("0") && ok.contains("23 entities are valid"), ok);
        Path bad = dir("bad", "{\"name\":\"Deal\",\"fields\":[]}");
        assertEquals('1', run("metadata", "validate", bad.toString()).charAt(0), "a bad file exits non-zero");
    }
}
