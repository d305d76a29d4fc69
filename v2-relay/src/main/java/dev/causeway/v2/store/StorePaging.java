package dev.causeway.v2.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The paging loop shared by the store clients (spec v2-store.md §3.3 pagination, §4 for the legacy
 * protocol): requests a page, fails on a refused page, hands an accepted one to the caller, and
 * requests the next page with the page's cursor until a page has none. The protocol plugs in as
 * {@link Pages}: how to fetch, what a refusal is, where the cursor is, how the next query is made.
 */
public final class StorePaging {
  /*
   * Each page is requested only after the previous one arrived, so at most one request is in flight
   * per loop. The next query is built only when it is sent (after the page-count check), so a
   * client that takes a fresh request id per query takes none for a query it never sends.
   */

  /**
   * One store protocol's paging.
   *
   * @param <Q> the query
   * @param <P> one page (response)
   * @param <C> the cursor
   */
  public interface Pages<Q, P, C> {
    /** Sends {@code query}; fails with a {@link StoreException}. */
    CompletableFuture<P> fetch(Q query);

    /** The failure {@code page} stands for (an error status), or empty when it was served. */
    Optional<StoreException> refusal(P page);

    /** The cursor for the next page, or empty when {@code page} is the last. */
    Optional<C> cursor(P page);

    /** The query for the page after {@code cursor}. */
    Q next(Q query, C cursor);
  }

  private StorePaging() {}

  /**
   * Fetches {@code first} and its following pages, handing each served page to {@code onPage} in
   * order; completes with the number of pages. Fails with the first fetch failure or refusal, with
   * whatever {@code onPage} throws, or with {@link StoreException.Reason#TOO_MANY_PAGES} when page
   * {@code maxPages} still has a cursor.
   */
  public static <Q, P, C> CompletableFuture<Integer> all(
      Pages<Q, P, C> pages, Q first, int maxPages, Consumer<? super P> onPage) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    next(pages, first, 1, maxPages, onPage, done);
    return done;
  }

  private static <Q, P, C> void next(
      Pages<Q, P, C> pages,
      Q query,
      int pageNo,
      int maxPages,
      Consumer<? super P> onPage,
      CompletableFuture<Integer> done) {
    pages
        .fetch(query)
        .whenComplete(
            (page, e) -> {
              if (e != null) {
                done.completeExceptionally(StoreStreams.unwrap(e));
                return;
              }
              Optional<StoreException> refusal = pages.refusal(page);
              if (refusal.isPresent()) {
                done.completeExceptionally(refusal.get());
                return;
              }
              try {
                onPage.accept(page);
              } catch (RuntimeException x) {
                done.completeExceptionally(x);
                return;
              }
              Optional<C> cursor = pages.cursor(page);
              if (cursor.isEmpty()) {
                done.complete(pageNo);
              } else if (pageNo >= maxPages) {
                done.completeExceptionally(
                    new StoreException(
                        StoreException.Reason.TOO_MANY_PAGES, "more than " + maxPages + " pages"));
              } else {
                next(pages, pages.next(query, cursor.get()), pageNo + 1, maxPages, onPage, done);
              }
            });
  }
}
