package dev.atrium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A log line as a collector reads it: one JSON object, or one line of text, naming the request. */
class LogSetupTest {
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(Map<String, String> mdc) {
        LoggingEvent e = new LoggingEvent(
                "x", context.getLogger("dev.atrium.Sample"), Level.WARN, "deal {} refused", null, new Object[] {42});
        e.setMDCPropertyMap(mdc);
        return e;
    }

    private LoggingEvent event() {
        return event(Map.of(LogSetup.REQUEST_ID, "req-7", LogSetup.TENANT, "t-1"));
    }

    @Test
    void jsonLinesCarryTheRequestIdAndTheMessageFilledIn() {
        String line = new String(LogSetup.encoder(context, true).encode(event()), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line per event");
        JsonObject json = new JsonObject(line);
        assertEquals("WARN", json.getString("level"));
        assertEquals("deal 42 refused", json.getString("formattedMessage"));
        assertEquals("req-7", json.getJsonObject("mdc").getString("requestId"));
        assertEquals("t-1", json.getJsonObject("mdc").getString("tenant"));
        assertEquals("dev.atrium.Sample", json.getString("loggerName"));
    }

    @Test
    void textLinesShowTheRequestIdOnlyWhenThereIsOne() {
        String with = new String(LogSetup.encoder(context, false).encode(event()), StandardCharsets.UTF_8);
        assertTrue(
                with.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  Sample \\[req-7] - deal 42 "
                        + "refused\\R"),
                with);
        LoggingEvent bare = event(Map.of());
        String without = new String(LogSetup.encoder(context, false).encode(bare), StandardCharsets.UTF_8);
        assertTrue(without.contains(" WARN  Sample - deal 42 refused"), without);
    }
}
