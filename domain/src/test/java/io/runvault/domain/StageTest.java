package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StageTest {
    @Test
    void finalStageIsUsableWithoutAnyOtherStageBeingMadeFirst() {
        assertEquals("final", Stage.FINAL.value());
    }

    @Test
    void refusesUpperCaseAndSlashes() {
        assertThrows(InvalidValue.class, () -> new Stage("Final"));
        assertThrows(InvalidValue.class, () -> new Stage("a/b"));
    }
}
