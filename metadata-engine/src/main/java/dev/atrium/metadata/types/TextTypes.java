package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** text, long_text, rich_text, email, phone, url. */
final class TextTypes {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()./-]{3,40}$");
    private static final List<String> TEXT_ATTRS =
            List.of("maxLength", "unique", "indexed", "searchable", "externalId", "default");

    private TextTypes() {}

    static List<FieldType> all() {
        return List.of(
                ScalarFieldType.simple(
                        "text",
                        ColumnKind.TEXT,
                        TEXT_ATTRS,
                        f -> "varchar(" + maxLength(f, 255) + ")",
                        f -> of("type", "string", "maxLength", maxLength(f, 255)),
                        (f, v) -> Values.boundedText(f, v, 255)),
                ScalarFieldType.simple(
                        "long_text",
                        ColumnKind.TEXT,
                        List.of("maxLength", "searchable", "default"),
                        f -> "text",
                        f -> of("type", "string", "maxLength", maxLength(f, 32_000)),
                        (f, v) -> Values.boundedText(f, v, 32_000)),
                ScalarFieldType.simple(
                        "rich_text",
                        ColumnKind.TEXT,
                        List.of("maxLength", "searchable"),
                        f -> "text",
                        f -> of("type", "string", "contentMediaType", "text/html", "maxLength", maxLength(f, 131_072)),
                        (f, v) -> Values.boundedText(f, v, 131_072)),
                ScalarFieldType.simple(
                        "email",
                        ColumnKind.TEXT,
                        List.of("unique", "indexed", "searchable", "externalId", "default"),
                        f -> "varchar(254)",
                        f -> of("type", "string", "format", "email", "maxLength", 254),
                        (f, v) -> {
                            String s = Values.boundedText(f, v, 254).trim();
                            if (!EMAIL.matcher(s).matches()) {
                                throw new InvalidValueException("must be an email address like name@example.com");
                            }
                            return s;
                        }),
                ScalarFieldType.simple(
                        "phone",
                        ColumnKind.TEXT,
                        List.of("unique", "indexed", "searchable", "default"),
                        f -> "varchar(40)",
                        f -> of("type", "string", "maxLength", 40),
                        (f, v) -> {
                            String s = Values.boundedText(f, v, 40).trim();
                            if (!PHONE.matcher(s).matches()) {
                                throw new InvalidValueException(
                                        "must be a phone number of digits, spaces, + ( ) . / -");
                            }
                            return s;
                        }),
                ScalarFieldType.simple(
                        "url",
                        ColumnKind.TEXT,
                        List.of("indexed", "searchable", "default"),
                        f -> "varchar(2048)",
                        f -> of("type", "string", "format", "uri", "maxLength", 2048),
                        (f, v) -> {
                            String s = Values.boundedText(f, v, 2048).trim();
                            String lower = s.toLowerCase(Locale.ROOT);
                            if (!(lower.startsWith("http://") || lower.startsWith("https://")) || s.contains(" ")) {
                                throw new InvalidValueException(
                                        "must be a web address starting with http:// or https://");
                            }
                            return s;
                        }));
    }

    static int maxLength(dev.atrium.metadata.model.FieldDef f, int dflt) {
        return f.maxLength() != null ? f.maxLength() : dflt;
    }
}
