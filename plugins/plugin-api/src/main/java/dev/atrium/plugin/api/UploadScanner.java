package dev.atrium.plugin.api;

/**
 * Looks at every file uploaded in a tenant that enabled the plugin, before the file is stored: files
 * attached to records through the API, the app and {@link Records#attach}. Refuse a file by throwing
 * {@link PluginException} with the reason the uploader will read (the upload answers 422
 * {@code upload-refused}, naming the plugin, and nothing is stored). A scanner that fails in any other way
 * (an exception, a hang past the call deadline) refuses the file too: an upload is never let through
 * unscanned while a scanner is enabled.
 */
public interface UploadScanner extends AtriumExtension {

    /**
     * One file.
     *
     * @param name the file's name as the uploader gave it (not to be trusted)
     * @param contentType the type the platform read from the bytes, e.g. {@code image/png} or
     *     {@code application/octet-stream}
     * @param content the bytes (at most the platform's file limit, 25 MB)
     * @param entity the entity of the record the file is attached to
     * @param recordId that record's id
     */
    record Upload(String name, String contentType, byte[] content, String entity, String recordId) {}

    void scan(Upload upload, PluginContext context) throws PluginException;
}
