/** Hexadecimal text helpers. */
package dev.causeway.common.hex;
