/**
 * Internal: JSON Schema validation of request parameters against the plans' schemas. Not API;
 * may change without notice.
 */
package io.github.osbsdk.broker.core.internal.schema;
