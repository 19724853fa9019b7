package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.config.AtriumConfig;
import dev.atrium.db.Database;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DataDirLockTest {
    @Test
    void aSecondInstanceOnTheSameDataDirectoryFailsClearly() {
        Path dir = Path.of("target", "lock-" + UUID.randomUUID());
        AtriumConfig c = new AtriumConfig(null, "postgres", "", dir, "127.0.0.1", 0, 500, false, 1);
        try (Database first = Database.start(c)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.start(c));
            assertTrue(e.getMessage().contains("in use by another Atrium process"), e.getMessage());
        }
        try (Database again = Database.start(c)) {
            assertTrue(again.embedded(), "after the first stops, the directory (and its data) can be used again");
        }
    }
}
