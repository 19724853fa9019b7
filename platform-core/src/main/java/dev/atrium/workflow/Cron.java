package dev.atrium.workflow;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.util.Optional;

/** UNIX cron expressions (cron-utils), evaluated in UTC. */
public final class Cron {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private Cron() {}

    /** Null when the expression is valid, else a message. */
    public static String check(String expression) {
        try {
            PARSER.parse(expression).validate();
            return null;
        } catch (IllegalArgumentException e) {
            return "\"" + expression
                    + "\" is not a cron expression (minute hour day-of-month month day-of-week, e.g. 0 9 * * MON): "
                    + e.getMessage();
        }
    }

    /** The latest fire time at or before {@code now}. */
    public static Optional<ZonedDateTime> last(String expression, ZonedDateTime now) {
        return ExecutionTime.forCron(PARSER.parse(expression)).lastExecution(now.plusSeconds(1));
    }
}
