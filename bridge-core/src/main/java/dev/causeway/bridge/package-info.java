/**
 * The v1 ⇄ v2 bridge (ARCHITECTURE.md §3–§4, spec bridge-mapping.md): deterministic, reversible
 * translation, the PoW mining pool and the pipeline with bounded queues per direction.
 */
package dev.causeway.bridge;
