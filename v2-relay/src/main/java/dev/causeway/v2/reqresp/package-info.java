/**
 * The one-request-one-response stream pattern shared by the v2 request/response protocols (store
 * v3, legacy store, light push; spec v2-store.md §3.5, v2-filter-lightpush.md §3-§4): the serving
 * side reads one length-prefixed request within a timeout ({@link
 * dev.causeway.v2.reqresp.RequestReader}), the requesting side opens a stream, exchanges one
 * request for one response and gives up after a timeout ({@link
 * dev.causeway.v2.reqresp.RequestStreams}). Protocol-neutral: each protocol names its own failures,
 * metrics and answers.
 */
package dev.causeway.v2.reqresp;
