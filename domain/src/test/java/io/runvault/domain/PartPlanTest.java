package io.runvault.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PartPlanTest {
    private static final long MIB = 1L << 20;

    @Test
    void aSizeIsCutIntoPartsOfThePreferredSizeWithTheRestLast() {
        PartPlan plan = PartPlan.of(20 * MIB + 3, 8 * MIB);
        assertEquals(8 * MIB, plan.partSize());
        assertEquals(3, plan.partCount());
        assertEquals(8 * MIB, plan.lengthOf(1));
        assertEquals(4 * MIB + 3, plan.lengthOf(3));
    }

    @Test
    void thePartSizeGrowsSoTheLargestObjectFitsTenThousandParts() {
        PartPlan plan = PartPlan.of(PartPlan.MAX_SIZE, 8 * MIB);
        assertEquals(true, plan.partCount() <= PartPlan.MAX_PARTS);
        assertEquals(0, plan.partSize() % MIB);
    }

    @Test
    void aPartSizeBelowTheStoresMinimumIsRaisedToIt() {
        assertEquals(PartPlan.MIN_PART_SIZE, PartPlan.of(100, 1).partSize());
    }

    @Test
    void objectsBeyondFiveTebibytesAndPartsOutsideThePlanAreRefused() {
        assertThrows(InvalidValue.class, () -> PartPlan.of(PartPlan.MAX_SIZE + 1, 8 * MIB));
        assertThrows(InvalidValue.class, () -> PartPlan.of(10 * MIB, 8 * MIB).lengthOf(3));
    }
}
