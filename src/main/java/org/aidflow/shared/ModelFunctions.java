package org.aidflow.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring bean whose public methods process models may call in expressions, e.g.
 * {@code ${serviceLevels.dueAt('verification', execution)}}. The model guard refuses a method call on any bean
 * without it, so what a model can do is decided in reviewed Java, not in an uploaded diagram.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ModelFunctions {
}
