package dev.atrium.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * How a node logs, set up without an XML file: one line per event on standard output, as text (a UTC
 * timestamp, the level, the logger, the request id when there is one, the message) or, with
 * {@code ATRIUM_LOG_FORMAT=json}, as one JSON object per line for a log collector (the request id and the
 * organisation in {@code mdc}). {@code ATRIUM_LOG_LEVEL} (or {@code -Datrium.log.level}) sets the level;
 * the libraries that talk too much are kept at WARN. A {@code logback-test.xml} (tests) or
 * {@code logback.xml} on the class path takes over.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The request's id, in the mapped diagnostic context of the thread serving it or running its job. */
    public static final String REQUEST_ID = "requestId";

    public static final String TENANT = "tenant";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogSetup.class.getClassLoader();
        if (loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null)
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(
                encoder(context, "json".equalsIgnoreCase(setting("ATRIUM_LOG_FORMAT", "atrium.log.format"))));
        console.start();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        String level = setting("ATRIUM_LOG_LEVEL", "atrium.log.level");
        root.setLevel(Level.toLevel(level, Level.INFO));
        for (String noisy : new String[] {"io.zonky", "org.flywaydb", "io.netty", "org.pf4j", "com.networknt"})
            context.getLogger(noisy).setLevel(Level.WARN);
        context.getLogger("io.vertx.sqlclient.impl.SocketConnectionBase").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            JsonEncoder e = new JsonEncoder();
            e.setContext(context);
            e.setWithSequenceNumber(false);
            e.setWithNanoseconds(false);
            e.setWithContext(false);
            e.setWithArguments(false);
            e.setWithFormattedMessage(true);
            e.setWithMessage(false);
            e.start();
            return e;
        }
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{0}"
                + "%replace( [%X{requestId}]){' \\[\\]', ''} - %msg%n");
        e.start();
        return e;
    }

    private static String setting(String env, String property) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
