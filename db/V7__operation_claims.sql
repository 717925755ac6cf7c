-- Which server process runs a RUNNING operation, and until when its claim lasts unless renewed. Several servers on
-- one database then never run the same operation at once, and one whose runner died is taken over once the claim
-- has lapsed. NULL: nobody claims it (a new operation, or its runner let go).
ALTER TABLE operations
    ADD COLUMN runner       text,
    ADD COLUMN runner_until timestamptz;
