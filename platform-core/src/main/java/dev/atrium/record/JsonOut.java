package dev.atrium.record;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array that JSON is written into by hand: pre-encoded member names, escaped strings, and
 * plain numbers and booleans as they are; any other value (a map, a list, a double) is encoded by Vert.x's
 * codec, so what comes out reads the same as the {@code JsonObject} it stands in for.
 */
final class JsonOut {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = bytes("null");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");

    private byte[] buf;
    private int len;

    JsonOut(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code "name":} (with a leading comma unless {@code first}), encoded once and written as bytes. */
    static byte[] member(String name, boolean first) {
        JsonOut o = new JsonOut(name.length() + 8);
        if (!first) o.raw((byte) ',');
        o.string(name);
        o.raw((byte) ':');
        return Arrays.copyOf(o.buf, o.len);
    }

    JsonOut raw(byte b) {
        if (len == buf.length) grow(1);
        buf[len++] = b;
        return this;
    }

    JsonOut raw(byte[] b) {
        if (len + b.length > buf.length) grow(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    JsonOut nul() {
        return raw(NULL);
    }

    /** A string as JSON escapes it: quotes, backslashes and control characters; everything else as UTF-8. */
    JsonOut string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (len + b.length + 2 > buf.length) grow(b.length + 2);
        buf[len++] = '"';
        for (byte c : b) {
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                escape(c);
            } else {
                if (len + 1 >= buf.length) grow(1);
                buf[len++] = c;
            }
        }
        return raw((byte) '"');
    }

    private void escape(byte c) {
        if (len + 6 >= buf.length) grow(6);
        buf[len++] = '\\';
        switch (c) {
            case '"', '\\' -> buf[len++] = c;
            case '\b' -> buf[len++] = 'b';
            case '\t' -> buf[len++] = 't';
            case '\n' -> buf[len++] = 'n';
            case '\f' -> buf[len++] = 'f';
            case '\r' -> buf[len++] = 'r';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    /** Any value a record holds: text, whole numbers, decimals and booleans here; the rest through Vert.x. */
    JsonOut value(Object v) {
        // an if-chain, not a pattern switch: this runs for every value of every listed row
        if (v == null) return nul();
        if (v instanceof String s) return string(s);
        if (v instanceof Boolean b) return raw(b ? TRUE : FALSE);
        if (v instanceof Integer || v instanceof Long) return raw(bytes(v.toString()));
        if (v instanceof BigDecimal d) return raw(bytes(d.toString()));
        return raw(Json.encodeToBuffer(v).getBytes());
    }

    /** The bytes written, without a copy (the writer is done with them). */
    Buffer toBuffer() {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(buf, 0, len));
    }

    private void grow(int need) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + need + 16));
    }
}
