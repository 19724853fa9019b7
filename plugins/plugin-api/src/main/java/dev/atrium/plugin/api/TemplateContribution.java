package dev.atrium.plugin.api;

import java.io.InputStream;
import java.util.List;

/**
 * Metadata the plugin brings: entity files in the metadata format ({@code docs/reference/metadata.md}).
 * When a tenant enables the plugin, new entities are added and fields missing from existing entities
 * are appended, in one deployment; nothing the tenant has is changed or removed.
 */
public interface TemplateContribution extends AtriumExtension {

    /** Resource paths of entity JSON files inside the plugin jar, e.g. {@code "/metadata/email_message.json"}. */
    List<String> entityFiles();

    /** Opens one of {@link #entityFiles()}; the default reads it from the plugin's class loader. */
    default InputStream open(String path) {
        return getClass().getResourceAsStream(path);
    }
}
