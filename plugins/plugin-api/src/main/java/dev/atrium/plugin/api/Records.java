package dev.atrium.plugin.api;

import java.util.List;
import java.util.Map;

/**
 * Records of the tenant, read and written as the plugin's service principal through the normal write
 * path: validation, rules, state machines, audit and workflows apply as to any user. Values are plain
 * JSON values (String, Number, Boolean, Map, List, null); records are maps of field name to value with
 * {@code id} and {@code version}.
 *
 * <p>Every method throws {@link PluginException} with the platform's message when the entity is
 * unknown, access was not granted or a value is invalid.
 */
public interface Records {

    /** The record, or null when there is none (or it is deleted). */
    Map<String, Object> get(String entity, String id);

    /**
     * Up to {@code limit} (at most 1000) records matching {@code filter} (the API's filter language, null
     * for all) in {@code sort} order (e.g. {@code "-amount"}, null for the default).
     */
    List<Map<String, Object>> list(String entity, String filter, String sort, int limit);

    /**
     * Every record matching {@code filter} (null for all), page by page in id order, up to 1,000,000; for
     * analytics over a whole entity without holding it in memory.
     */
    void scan(String entity, String filter, java.util.function.Consumer<Map<String, Object>> each);

    /** How many records match {@code filter} (null: all), counted by the database, not by scanning. */
    long count(String entity, String filter);

    /**
     * One aggregate in one query: {@code function} ({@code count}, {@code count_distinct}, {@code sum},
     * {@code avg}, {@code min}, {@code max}) of {@code field} (null for {@code count}) over the records
     * matching {@code filter} (null: all), for each value of {@code groupBy} (a field, or null for one
     * total, under the key {@code null}). Money adds up in the corporate currency, as in reports.
     *
     * @return group value → result (numbers as {@link java.math.BigDecimal} or {@link Long}), largest first
     */
    Map<Object, Object> aggregate(String entity, String function, String field, String filter, String groupBy);

    /**
     * Creates a record through the normal write path; returns it as stored (with {@code id}, {@code version}
     * and the values rules and defaults filled in).
     *
     * @throws PluginException when a validation rule or a required value refuses it, with each field's message
     */
    Map<String, Object> create(String entity, Map<String, Object> values);

    /**
     * Changes the given fields of a record (the others stay as they are); returns it as stored.
     *
     * @throws PluginException when a validation rule refuses the change, with each field's message
     */
    Map<String, Object> update(String entity, String id, Map<String, Object> values);

    /**
     * Attaches a file to a record (its Attachments tab), as the plugin; needs {@code edit} access to the
     * entity. The type is read from the bytes; the platform's limits apply (25 MB a file) and the tenant's
     * {@link UploadScanner}s see it first. Returns the attachment: {@code id}, {@code name},
     * {@code contentType}, {@code size}, {@code sha256}.
     */
    Map<String, Object> attach(String entity, String id, String fileName, byte[] content);
}
