package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** date, datetime, time. Date-times are stored as timestamptz and returned in UTC. */
final class TemporalTypes {
    private TemporalTypes() {}

    static List<FieldType> all() {
        return List.of(
                new ScalarFieldType("date", ColumnKind.DATE, List.of("indexed", "default")) {
                    protected String sqlType(dev.atrium.metadata.model.FieldDef f) {
                        return "date";
                    }

                    protected java.util.Map<String, Object> valueSchema(dev.atrium.metadata.model.FieldDef f) {
                        return of("type", "string", "format", "date");
                    }

                    protected Object toColumn(dev.atrium.metadata.model.FieldDef f, Object v)
                            throws InvalidValueException {
                        return Values.date(v);
                    }

                    protected Object fromColumn(dev.atrium.metadata.model.FieldDef f, Object c) {
                        return ((LocalDate) c).toString();
                    }
                },
                new ScalarFieldType("datetime", ColumnKind.DATETIME, List.of("indexed", "default")) {
                    protected String sqlType(dev.atrium.metadata.model.FieldDef f) {
                        return "timestamptz";
                    }

                    protected java.util.Map<String, Object> valueSchema(dev.atrium.metadata.model.FieldDef f) {
                        return of("type", "string", "format", "date-time");
                    }

                    protected Object toColumn(dev.atrium.metadata.model.FieldDef f, Object v)
                            throws InvalidValueException {
                        return Values.dateTime(v);
                    }

                    protected Object fromColumn(dev.atrium.metadata.model.FieldDef f, Object c) {
                        return ((OffsetDateTime) c)
                                .withOffsetSameInstant(ZoneOffset.UTC)
                                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                    }
                },
                new ScalarFieldType("time", ColumnKind.TIME, List.of("default")) {
                    protected String sqlType(dev.atrium.metadata.model.FieldDef f) {
                        return "time";
                    }

                    protected java.util.Map<String, Object> valueSchema(dev.atrium.metadata.model.FieldDef f) {
                        return of("type", "string", "format", "time");
                    }

                    protected Object toColumn(dev.atrium.metadata.model.FieldDef f, Object v)
                            throws InvalidValueException {
                        return Values.time(v);
                    }

                    protected Object fromColumn(dev.atrium.metadata.model.FieldDef f, Object c) {
                        return ((LocalTime) c).toString();
                    }
                });
    }
}
