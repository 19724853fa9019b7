package dev.atrium.metadata.query;

/**
 * A filter, sort, field list or cursor that cannot be used. {@code parameter} names the request
 * parameter ({@code filter}, {@code sort}, {@code fields}, {@code cursor}...); {@code position} is the
 * 0-based character offset in it, or -1.
 */
public class FilterException extends RuntimeException {
    private final String parameter;
    private final int position;

    public FilterException(String parameter, int position, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
        this.position = position;
    }

    public String parameter() {
        return parameter;
    }

    public int position() {
        return position;
    }
}
