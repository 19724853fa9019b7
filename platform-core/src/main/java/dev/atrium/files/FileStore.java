package dev.atrium.files;

import java.io.InputStream;
import java.util.UUID;

/**
 * Where the bytes of attachments live, addressed by their SHA-256 within a tenant: the same file attached
 * twice is stored once. Local disk by default ({@link LocalFileStore}); an S3-compatible store implements
 * the same three calls.
 */
public interface FileStore {
    /** Stores the bytes under their digest (a no-op when they are there already). */
    void put(UUID tenant, String sha256, byte[] data);

    /** The bytes, or null when the store does not have them. */
    InputStream get(UUID tenant, String sha256);

    boolean exists(UUID tenant, String sha256);
}
