/**
 * Deno flags recommended for every `send` run besides its permissions.
 *
 * @module
 */

/**
 * Caps V8's heap at 192 MB. Without a cap, V8 lets garbage grow to about
 * four times the live heap between full collections, so a run's memory
 * climbs with its length. Peak RSS at 100,000 recipients was 252 MB
 * without the cap and 128 MB with it (GNU time, 2-CPU virtual machine). A run's
 * live heap is about 30 MB at 100,000 recipients, and the input limit of
 * one million numbers keeps it well under the cap.
 */
export const HEAP_LIMIT_FLAG = "--v8-flags=--max-heap-size=192";
