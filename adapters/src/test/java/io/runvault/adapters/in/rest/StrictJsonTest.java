package io.runvault.adapters.in.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.SerializedString;
import io.runvault.domain.InvalidValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checking parser holds every way of reading the next token to the rules, not only nextToken. */
class StrictJsonTest {

    private static StrictJson.Checked parser(String json) throws IOException {
        return StrictJson.parser(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nextTextValueChecksTheString() throws IOException {
        try (var parser = parser("[\"a\\u0000b\"]")) {
            parser.nextToken();
            var refused = assertThrows(InvalidValue.class, parser::nextTextValue);
            assertEquals("[0]", refused.field());
            assertTrue(parser.refusal() == refused, "the refusal is kept for a binder that wraps it");
        }
    }

    @Test
    void nextFieldNameChecksTheName() throws IOException {
        try (var parser = parser("{\"a\\u0000b\": 1}")) {
            parser.nextToken();
            assertThrows(InvalidValue.class, parser::nextFieldName);
        }
        try (var parser = parser("{\"a\\u0000b\": 1}")) {
            parser.nextToken();
            assertThrows(InvalidValue.class, () -> parser.nextFieldName(new SerializedString("x")));
        }
    }

    @Test
    void numberShortcutsCountDepthAndCheckSize() throws IOException {
        try (var parser = parser("[[1], 123456789012345678901234567890]")) {
            parser.nextToken();
            assertEquals(-1, parser.nextIntValue(-1));
            assertEquals(1, parser.nextIntValue(-1));
            assertEquals(-1L, parser.nextLongValue(-1L));
            var refused = assertThrows(InvalidValue.class, () -> parser.nextLongValue(0L));
            assertEquals("[1]", refused.field());
        }
    }

    @Test
    void nextValueAndBooleansGoThroughTheChecks() throws IOException {
        try (var parser = parser("{\"ok\": true, \"deep\": " + "[".repeat(40) + "]".repeat(40) + "}")) {
            parser.nextToken();
            parser.nextFieldName();
            assertEquals(Boolean.TRUE, parser.nextBooleanValue());
            assertThrows(InvalidValue.class, () -> {
                while (parser.nextValue() != null) {
                    // Read until the nesting is refused.
                }
            });
        }
    }
}
