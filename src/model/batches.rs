//! The batch sampler: the lecture's procedure for mini-batch SGD.
//!
//! Shuffle the points (Fisher-Yates with a seeded generator), hand out
//! consecutive batches of the chosen size, and when every point has been used
//! once (an epoch), reshuffle and start again. The last batch of an epoch is
//! smaller when the batch size does not divide N. Batch size N is full
//! gradient descent: every batch is all points, in their own order.

use super::rng::Rng;

/// Where a batch sits in its epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchPosition {
    /// 1-based number of this batch within its epoch ("batch 7 of 18").
    pub index: usize,
    /// How many batches this epoch has at the current batch size.
    pub per_epoch: usize,
    /// True when this batch was the epoch's last: every point has now been used once.
    pub ends_epoch: bool,
}

/// A seeded epoch shuffler that hands out batches of point indices.
#[derive(Clone, Debug)]
pub struct BatchSampler {
    rng: Rng,
    order: Vec<usize>,
    /// Index into `order` of the next batch's first point.
    position: usize,
    /// Batches taken so far in the current epoch.
    taken: usize,
}

impl BatchSampler {
    /// A sampler over points `0..n`, its shuffles fixed by `seed`.
    pub fn new(n: usize, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        BatchSampler {
            rng,
            order,
            position: 0,
            taken: 0,
        }
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Writes the next batch of up to `size` indices into `batch` (cleared
    /// first) and says where it sits in its epoch. `size` is clamped to 1..=N;
    /// it may change from call to call, and the epoch carries on where it was.
    pub fn next_batch(&mut self, size: usize, batch: &mut Vec<usize>) -> BatchPosition {
        let n = self.len();
        let size = size.clamp(1, n.max(1));
        batch.clear();
        if size >= n && self.position == 0 {
            // Full gradient descent: all points in their natural order, so the
            // sums match the full loss bit for bit.
            batch.extend(0..n);
        } else {
            let end = (self.position + size).min(n);
            batch.extend_from_slice(&self.order[self.position..end]);
        }
        self.position += batch.len();
        self.taken += 1;
        let remaining = n - self.position;
        let position = BatchPosition {
            index: self.taken,
            per_epoch: self.taken + remaining.div_ceil(size),
            ends_epoch: remaining == 0,
        };
        if position.ends_epoch {
            self.rng.shuffle(&mut self.order);
            self.position = 0;
            self.taken = 0;
        }
        position
    }

    /// How many batches a whole epoch has at `size`: ceil(N / size).
    pub fn batches_per_epoch(&self, size: usize) -> usize {
        self.len().div_ceil(size.clamp(1, self.len().max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_epoch_uses_every_point_once() {
        let mut sampler = BatchSampler::new(10, 5);
        let mut batch = Vec::new();
        for _ in 0..3 {
            let mut seen = Vec::new();
            let sizes: Vec<usize> = (0..4)
                .map(|k| {
                    let pos = sampler.next_batch(3, &mut batch);
                    assert_eq!(pos.index, k + 1);
                    assert_eq!(pos.per_epoch, 4);
                    assert_eq!(pos.ends_epoch, k == 3);
                    seen.extend_from_slice(&batch);
                    batch.len()
                })
                .collect();
            assert_eq!(sizes, [3, 3, 3, 1]);
            seen.sort();
            assert_eq!(seen, (0..10).collect::<Vec<_>>());
        }
    }

    #[test]
    fn full_batch_is_every_point_in_order() {
        let mut sampler = BatchSampler::new(7, 1);
        let mut batch = Vec::new();
        let pos = sampler.next_batch(7, &mut batch);
        assert_eq!(batch, (0..7).collect::<Vec<_>>());
        assert!(pos.ends_epoch && pos.index == 1 && pos.per_epoch == 1);
    }
}
