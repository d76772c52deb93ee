//! A stream of items over every page of an offset/limit-paged operation.
//!
//! Generated for operations the spec marks with `x-pagination: {style: offset-limit}`: the
//! generated method fetches one page for an offset and a limit, and this turns it into one
//! stream of items that stops on the last page and surfaces an error mid-stream.

use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt};

use crate::error::Error;

/// One page: its items, and the total the server reports, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// How many items the whole list has, when the server says.
    pub total: Option<i64>,
}

/// Streams every item, fetching `limit` items at a time from offset 0.
///
/// Stops after an empty page, after a page shorter than `limit`, or once the offset
/// reaches the reported total, whichever comes first. An error is yielded once and ends
/// the stream, so a consumer can tell a complete list from a broken one.
///
/// The stream is boxed: `Unpin`, so `stream.next().await` works without pinning, and
/// `Send`, so it can move to another task. One allocation per stream is nothing next to
/// an HTTP request per page.
pub fn offset_limit<'a, T, E, F, Fut>(limit: i64, mut fetch: F) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(i64, i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + Send + 'a,
{
    let limit = limit.max(1);
    let pages = stream::unfold(Some(0i64), move |offset| {
        let page = offset.map(|offset| (offset, fetch(offset, limit)));
        async move {
            let (offset, page) = page?;
            match page.await {
                Ok(page) => {
                    let fetched = page.items.len() as i64;
                    let next = offset + fetched;
                    let last = fetched == 0 || fetched < limit || page.total.is_some_and(|total| next >= total);
                    Some((Ok(page.items), if last { None } else { Some(next) }))
                }
                Err(error) => Some((Err(error), None)),
            }
        }
    });
    pages
        .flat_map(|page| match page {
            Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
            Err(error) => stream::once(async { Err(error) }).right_stream(),
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    fn fetch_from(
        all: Vec<i32>,
        total: bool,
    ) -> impl FnMut(i64, i64) -> std::future::Ready<Result<Page<i32>, Error<()>>> {
        move |offset, limit| {
            let items = all.iter().skip(offset as usize).take(limit as usize).copied().collect();
            std::future::ready(Ok(Page {
                items,
                total: total.then_some(all.len() as i64),
            }))
        }
    }

    fn collect<S: futures::Stream<Item = Result<i32, Error<()>>>>(s: S) -> Vec<Result<i32, String>> {
        block_on(s.map(|r| r.map_err(|e| e.to_string())).collect())
    }

    #[test]
    fn walks_every_page_with_or_without_a_total() {
        for total in [true, false] {
            let items: Vec<Result<i32, String>> = collect(offset_limit(3, fetch_from((0..7).collect(), total)));
            assert_eq!(items, (0..7).map(Ok).collect::<Vec<_>>());
            let exact = collect(offset_limit(3, fetch_from((0..6).collect(), total)));
            assert_eq!(exact.len(), 6);
            assert!(collect(offset_limit(3, fetch_from(vec![], total))).is_empty());
        }
    }
}
