-- The store's tag (ETag) of the object an artifact's bytes are in, recorded with the write that put them there:
-- moving the artifact then copies that very version (a conditional copy) without first asking the store what is
-- there. NULL for artifacts stored before, or by a store that gave none: those are looked up before they are copied.
ALTER TABLE artifacts ADD COLUMN etag text;
