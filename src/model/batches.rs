//! The batch sampler: the lecture's procedure for mini-batch SGD.
//!
//! [`Sampling::Shuffle`] (the default, and the lecture's procedure): shuffle
//! the points (Fisher-Yates with a seeded generator), hand out consecutive
//! batches of the chosen size, and when every point has been used once (an
//! epoch), reshuffle and start again. When the batch size does not divide N,
//! the epoch's last batch is either kept smaller (`drop_last = false`) or
//! dropped, its points skipped until the next shuffle (`drop_last = true`).
//!
//! [`Sampling::Replacement`]: every batch draws its points independently and
//! uniformly, with replacement; an "epoch" is then ceil(N / B) batches (or
//! floor with `drop_last`), the same number of gradient evaluations as a
//! shuffled epoch, but some points are used twice and others not at all.
//!
//! Either way, batch size N is full gradient descent: every batch is all
//! points, in their own order.

use super::rng::Rng;

/// How batches are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sampling {
    /// Shuffle each epoch, then take consecutive batches.
    #[default]
    Shuffle,
    /// Draw every batch's points uniformly with replacement.
    Replacement,
}

impl Sampling {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Sampling::Shuffle => "shuffle",
            Sampling::Replacement => "replacement",
        }
    }

    /// The sampling named `key`, if any.
    pub fn from_key(key: &str) -> Option<Sampling> {
        [Sampling::Shuffle, Sampling::Replacement]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// How batches are drawn and cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchPlan {
    /// Points per batch (clamped to 1..=N).
    pub size: usize,
    /// Shuffled epochs or draws with replacement.
    pub sampling: Sampling,
    /// Drop an epoch's last, smaller batch instead of using it.
    pub drop_last: bool,
}

/// Where a batch sits in its epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchPosition {
    /// 1-based number of this batch within its epoch ("batch 7 of 18").
    pub index: usize,
    /// How many batches this epoch has at the current batch size.
    pub per_epoch: usize,
    /// True when this batch was the epoch's last; the points are reshuffled.
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

    /// The current epoch's order of the points (shuffle sampling): batch k
    /// of the epoch is `order[(k - 1) * B .. k * B]`.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Writes the next batch into `batch` (cleared first) and says where it
    /// sits in its epoch. The plan may change from call to call; the epoch
    /// carries on where it was.
    pub fn next_batch(&mut self, plan: BatchPlan, batch: &mut Vec<usize>) -> BatchPosition {
        let n = self.len();
        let size = plan.size.clamp(1, n.max(1));
        if plan.sampling == Sampling::Shuffle
            && plan.drop_last
            && n - self.position < size
            && self.position > 0
        {
            // The batch size grew mid-epoch and what is left of the epoch is
            // now a batch to drop: start the next epoch's order at once.
            self.rng.shuffle(&mut self.order);
            self.position = 0;
            self.taken = 0;
        }
        let per_epoch = self.batches_per_epoch(plan);
        batch.clear();
        if size >= n && self.position == 0 {
            // Full gradient descent: all points in their natural order, so the
            // sums match the full loss bit for bit.
            batch.extend(0..n);
            self.position = n;
        } else if plan.sampling == Sampling::Replacement {
            batch.extend((0..size).map(|_| self.rng.below(n)));
        } else {
            let end = (self.position + size).min(n);
            batch.extend_from_slice(&self.order[self.position..end]);
            self.position = end;
        }
        self.taken += 1;
        let ends_epoch = match plan.sampling {
            _ if self.position >= n => true,
            Sampling::Shuffle => n - self.position < if plan.drop_last { size } else { 1 },
            Sampling::Replacement => self.taken >= per_epoch,
        };
        let position = BatchPosition {
            index: self.taken,
            per_epoch: if ends_epoch {
                self.taken
            } else {
                self.taken + self.batches_left(plan)
            },
            ends_epoch,
        };
        if ends_epoch {
            // Full batches never read the order: skip a shuffle per step.
            if size < n {
                self.rng.shuffle(&mut self.order);
            }
            self.position = 0;
            self.taken = 0;
        }
        position
    }

    /// Batches still to come in this epoch under `plan`.
    fn batches_left(&self, plan: BatchPlan) -> usize {
        let n = self.len();
        let size = plan.size.clamp(1, n.max(1));
        match plan.sampling {
            Sampling::Shuffle if plan.drop_last => (n - self.position) / size,
            Sampling::Shuffle => (n - self.position).div_ceil(size),
            Sampling::Replacement => self.batches_per_epoch(plan).saturating_sub(self.taken),
        }
    }

    /// How many batches a whole epoch has: ceil(N / B), or floor(N / B)
    /// when the last, smaller batch is dropped.
    pub fn batches_per_epoch(&self, plan: BatchPlan) -> usize {
        let n = self.len().max(1);
        let size = plan.size.clamp(1, n);
        if plan.drop_last {
            n / size
        } else {
            n.div_ceil(size)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(size: usize, sampling: Sampling, drop_last: bool) -> BatchPlan {
        BatchPlan {
            size,
            sampling,
            drop_last,
        }
    }

    #[test]
    fn each_epoch_uses_every_point_once() {
        let mut sampler = BatchSampler::new(10, 5);
        let mut batch = Vec::new();
        for _ in 0..3 {
            let mut seen = Vec::new();
            let sizes: Vec<usize> = (0..4)
                .map(|k| {
                    let pos = sampler.next_batch(plan(3, Sampling::Shuffle, false), &mut batch);
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
    fn drop_last_skips_the_small_batch() {
        let mut sampler = BatchSampler::new(10, 5);
        let mut batch = Vec::new();
        for _ in 0..3 {
            let mut seen = std::collections::HashSet::new();
            for k in 0..3 {
                let pos = sampler.next_batch(plan(3, Sampling::Shuffle, true), &mut batch);
                assert_eq!(
                    (pos.index, pos.per_epoch, pos.ends_epoch),
                    (k + 1, 3, k == 2)
                );
                assert_eq!(batch.len(), 3);
                seen.extend(batch.iter().copied());
            }
            assert_eq!(seen.len(), 9, "one point sits out each epoch");
        }
    }

    #[test]
    fn replacement_draws_epochs_of_ceil_n_over_b_batches() {
        let mut sampler = BatchSampler::new(10, 5);
        let mut batch = Vec::new();
        let mut repeats = 0;
        for epoch in 0..50 {
            let mut seen = Vec::new();
            for k in 0..4 {
                let pos = sampler.next_batch(plan(3, Sampling::Replacement, false), &mut batch);
                assert_eq!(
                    (pos.index, pos.per_epoch, pos.ends_epoch),
                    (k + 1, 4, k == 3),
                    "epoch {epoch}"
                );
                assert_eq!(batch.len(), 3);
                seen.extend_from_slice(&batch);
            }
            seen.sort();
            seen.dedup();
            repeats += (seen.len() < 10) as usize;
        }
        assert!(
            repeats > 40,
            "with replacement, most epochs miss some point"
        );
    }

    #[test]
    fn full_batch_is_every_point_in_order() {
        for sampling in [Sampling::Shuffle, Sampling::Replacement] {
            let mut sampler = BatchSampler::new(7, 1);
            let mut batch = Vec::new();
            let pos = sampler.next_batch(plan(7, sampling, false), &mut batch);
            assert_eq!(batch, (0..7).collect::<Vec<_>>());
            assert!(pos.ends_epoch && pos.index == 1 && pos.per_epoch == 1);
        }
    }
}
