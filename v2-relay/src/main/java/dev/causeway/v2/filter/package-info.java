/**
 * 12/WAKU2-FILTER v2 (spec v2-filter-lightpush.md §1): the service side ({@link
 * dev.causeway.v2.filter.FilterService}: subscribe protocol, subscription registry with nwaku's
 * limits and expiry, pushes of relayed messages on fresh push streams), the client side ({@link
 * dev.causeway.v2.filter.FilterClient}), the codec and the metrics.
 */
package dev.causeway.v2.filter;
