/** Process lifecycle of the long-running commands: termination signals and orderly shutdown. */
package dev.causeway.ops.lifecycle;
