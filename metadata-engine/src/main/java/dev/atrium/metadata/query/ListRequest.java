package dev.atrium.metadata.query;

import java.util.List;

/**
 * What a client asks of a list: all parts optional except {@code limit}.
 *
 * @param filter filter expression, or null
 * @param sort e.g. {@code amount:desc,name} or {@code -amount,name}, or null (newest first)
 * @param fields projection (field names), or null for every field
 * @param limit page size, already capped by the caller
 * @param cursor opaque keyset cursor from a previous page, or null
 * @param deleted true to list the recycle bin instead of live records
 */
public record ListRequest(String filter, String sort, List<String> fields, int limit, String cursor, boolean deleted) {}
