package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeclaredLengthTest {

    @Test
    void aDeclaredLengthIsAtMostItselfAndNothingSmaller() {
        DeclaredLength length = DeclaredLength.of(100);

        assertTrue(length.isKnown());
        assertTrue(length.atMost(100));
        assertFalse(length.atMost(99));
        assertEquals(OptionalLong.of(100), length.bytes());
    }

    @Test
    void anUnknownLengthMayBeAnySize() {
        DeclaredLength unknown = DeclaredLength.unknown();

        assertFalse(unknown.isKnown());
        assertFalse(unknown.atMost(Long.MAX_VALUE));
        assertEquals(new DeclaredLength(OptionalLong.empty()), unknown);
    }

    @Test
    void emptyBodiesAreDeclaredButNegativeLengthsAreRefused() {
        assertTrue(DeclaredLength.of(0).atMost(0));
        assertEquals("length", assertThrows(InvalidValue.class, () -> DeclaredLength.of(-1)).field());
        assertThrows(InvalidValue.class, () -> new DeclaredLength(null));
    }
}
