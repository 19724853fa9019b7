package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import dev.atrium.metadata.model.FieldDef;
import java.util.List;
import java.util.Map;

/** autonumber, address, user, file and json. */
final class OtherTypes {
    private OtherTypes() {}

    static List<FieldType> all() {
        return List.of(
                new AutonumberType(),
                new AddressType(),
                new UserType(),
                new FileType(),
                ScalarFieldType.simple("json", ColumnKind.JSON, List.of(), f -> "jsonb", f -> of(), (f, v) -> v));
    }

    /** A value that is the id of something the platform checks on every write (a user, a file). */
    abstract static class IdType extends ScalarFieldType {
        IdType(String name, List<String> options) {
            super(name, ColumnKind.UUID, options);
        }

        @Override
        protected String sqlType(FieldDef f) {
            return "uuid";
        }

        @Override
        protected Map<String, Object> valueSchema(FieldDef f) {
            return of("type", "string", "format", "uuid");
        }

        @Override
        protected Object toColumn(FieldDef f, Object v) throws InvalidValueException {
            return Values.uuid(v);
        }

        @Override
        protected Object fromColumn(FieldDef f, Object c) {
            return c.toString();
        }
    }

    /** A user of the organisation (their id); the platform checks on every write that the user exists. */
    static final class UserType extends IdType {
        UserType() {
            super("user", List.of("indexed"));
        }
    }

    /**
     * One file of the record (the id of one of its attachments): uploaded to the record's Attachments, then
     * set on the field. The platform checks on every write that the attachment belongs to this record.
     */
    static final class FileType extends IdType {
        FileType() {
            super("file", List.of());
        }
    }

    /**
     * A read-only number the database assigns from a per-field sequence: {@code prefix} + the sequence
     * value zero-padded to {@code digits}, e.g. {@code INV-000042}.
     */
    static final class AutonumberType extends ScalarFieldType {
        AutonumberType() {
            super("autonumber", ColumnKind.TEXT, List.of("prefix", "digits", "unique", "indexed", "searchable"));
        }

        @Override
        public boolean computed() {
            return true;
        }

        @Override
        protected String sqlType(FieldDef f) {
            return "varchar(80)";
        }

        @Override
        protected Map<String, Object> valueSchema(FieldDef f) {
            return of("type", "string", "readOnly", true);
        }

        @Override
        protected Object toColumn(FieldDef f, Object json) throws InvalidValueException {
            throw new InvalidValueException("is numbered by the platform and cannot be written");
        }
    }
}
