/**
 * Configuration layers of the appliance (ARCHITECTURE.md §8): option defaults &lt; config file
 * (YAML or TOML, nwaku-style flat keys) &lt; {@code CAUSEWAY_*} environment variables &lt;
 * command-line flags.
 */
package dev.causeway.ops.config;
