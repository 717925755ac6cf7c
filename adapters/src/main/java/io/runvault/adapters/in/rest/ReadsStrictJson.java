package io.runvault.adapters.in.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that reads its JSON body through {@link StrictJson#parser}, which checks the body in the pass that
 * reads it: {@link StrictJsonFilter} leaves such a body to the endpoint instead of reading it a first time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ReadsStrictJson {
}
