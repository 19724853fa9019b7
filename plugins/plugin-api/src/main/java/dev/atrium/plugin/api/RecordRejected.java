package dev.atrium.plugin.api;

/**
 * Thrown by {@link RecordTrigger#beforeSave} to refuse a write: the caller gets a 422 whose error points
 * at {@code field} (null: the whole record) with {@code message}. Nothing is saved.
 */
public class RecordRejected extends PluginException {
    private final String field;

    public RecordRejected(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
