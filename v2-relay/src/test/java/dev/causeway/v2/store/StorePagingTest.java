package dev.causeway.v2.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StorePagingTest {
  /** A page: its items, its cursor (-1 for none), its status (200 served). */
  record Page(List<String> items, int cursor, int status) {}

  /** Queries are "q<n>" strings; pages are looked up by the query's cursor; records what it did. */
  private static final class FakePages implements StorePaging.Pages<String, Page, Integer> {
    final Map<Integer, CompletableFuture<Page>> byCursor;
    final List<String> fetched = new ArrayList<>();
    int nextCalls;

    FakePages(Map<Integer, CompletableFuture<Page>> byCursor) {
      this.byCursor = byCursor;
    }

    @Override
    public CompletableFuture<Page> fetch(String query) {
      fetched.add(query);
      return byCursor.get(Integer.parseInt(query.substring(1)));
    }

    @Override
    public Optional<StoreException> refusal(Page page) {
      return page.status() == 200
          ? Optional.empty()
          : Optional.of(new StoreException(OptionalInt.of(page.status()), "refused"));
    }

    @Override
    public Optional<Integer> cursor(Page page) {
      return page.cursor() < 0 ? Optional.empty() : Optional.of(page.cursor());
    }

    @Override
    public String next(String query, Integer cursor) {
      nextCalls++;
      return "q" + cursor;
    }
  }

  private static CompletableFuture<Page> page(int cursor, String... items) {
    return CompletableFuture.completedFuture(new Page(List.of(items), cursor, 200));
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("completed normally");
  }

  @Test
  void followsEachCursorUntilAPageHasNoneAndCountsThePages() throws Exception {
    FakePages pages =
        new FakePages(Map.of(0, page(7, "a", "b"), 7, page(3, "c"), 3, page(-1, "d", "e")));
    List<String> seen = new ArrayList<>();

    int n = StorePaging.all(pages, "q0", 10, p -> seen.addAll(p.items())).get(30, TimeUnit.SECONDS);

    assertThat(n).isEqualTo(3);
    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    assertThat(pages.fetched).containsExactly("q0", "q7", "q3");
  }

  @Test
  void aRefusedPageFailsWithItsRefusalAndIsNotHandedOn() {
    FakePages pages =
        new FakePages(
            Map.of(
                0,
                page(5, "a"),
                5,
                CompletableFuture.completedFuture(new Page(List.of("x"), 6, 503))));
    List<String> seen = new ArrayList<>();

    Throwable t = failureOf(StorePaging.all(pages, "q0", 10, p -> seen.addAll(p.items())));

    assertThat(t).isInstanceOf(StoreException.class);
    assertThat(((StoreException) t).statusCode()).hasValue(503);
    assertThat(seen).containsExactly("a");
    assertThat(pages.fetched).containsExactly("q0", "q5");
  }

  @Test
  void aPageBeyondTheLimitFailsWithoutBuildingTheQueryItWouldNotSend() {
    FakePages pages = new FakePages(Map.of(0, page(1, "a"), 1, page(2, "b"), 2, page(-1, "c")));

    Throwable t = failureOf(StorePaging.all(pages, "q0", 2, p -> {}));

    assertThat(t).isInstanceOf(StoreException.class);
    assertThat(((StoreException) t).reason()).isEqualTo(StoreException.Reason.TOO_MANY_PAGES);
    assertThat(pages.fetched).containsExactly("q0", "q1");
    assertThat(pages.nextCalls).isEqualTo(1);
  }

  @Test
  void aFetchFailureIsPassedOnUnwrapped() {
    StoreException cause = new StoreException(StoreException.Reason.TIMEOUT, "slow");
    FakePages pages =
        new FakePages(
            Map.of(
                0,
                page(4, "a"),
                4,
                CompletableFuture.failedFuture(new CompletionException(cause))));

    assertThat(failureOf(StorePaging.all(pages, "q0", 10, p -> {}))).isSameAs(cause);
  }

  @Test
  void whatTheConsumerThrowsStopsThePaging() {
    FakePages pages = new FakePages(Map.of(0, page(1, "a"), 1, page(-1, "b")));
    IllegalStateException boom = new IllegalStateException("full");

    Throwable t =
        failureOf(
            StorePaging.all(
                pages,
                "q0",
                10,
                p -> {
                  throw boom;
                }));

    assertThat(t).isSameAs(boom);
    assertThat(pages.fetched).containsExactly("q0");
  }

  @Test
  void aLastPageAtTheLimitIsNotTooMany() throws Exception {
    FakePages pages = new FakePages(Map.of(0, page(1, "a"), 1, page(-1, "b")));

    assertThat(StorePaging.all(pages, "q0", 2, p -> {}).get(30, TimeUnit.SECONDS)).isEqualTo(2);
  }
}
