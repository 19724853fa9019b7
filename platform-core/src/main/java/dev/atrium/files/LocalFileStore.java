package dev.atrium.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Files on local disk under the data directory (never under the web root):
 * {@code files/<tenant>/<first two hex digits>/<sha256>}. Written to a temporary file and moved into
 * place, so a crash never leaves a half file under a digest.
 */
public final class LocalFileStore implements FileStore {
    private final Path root;

    public LocalFileStore(Path dataDir) {
        this.root = dataDir.resolve("files");
    }

    private Path path(UUID tenant, String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a SHA-256 digest");
        return root.resolve(tenant.toString()).resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    @Override
    public void put(UUID tenant, String sha256, byte[] data) {
        Path target = path(tenant, sha256);
        if (Files.exists(target)) return;
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "upload", ".tmp");
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream get(UUID tenant, String sha256) {
        Path p = path(tenant, sha256);
        try {
            return Files.exists(p) ? Files.newInputStream(p) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean exists(UUID tenant, String sha256) {
        return Files.exists(path(tenant, sha256));
    }
}
