-- Which upload may write an artifact's bytes, and until when its claim lasts unless renewed. One writer at a time
-- per identity, decided here rather than by the object store (not every store applies If-None-Match atomically);
-- a claim whose writer died lapses and the next writer takes it over. NULL: nobody is writing it.
ALTER TABLE artifacts
    ADD COLUMN writer       uuid,
    ADD COLUMN writer_until timestamptz;
