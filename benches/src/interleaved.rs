//! Ratios to the hand-written cursor measured in interleaved blocks.
//!
//! Criterion times one implementation for seconds, then the next. On a shared
//! machine the load drifts in between: over three rounds the same binary timed
//! the hand-written W1 decode at anything from 2.9 to 3.6 ns, so a ratio of
//! two 3 ns decodes moved by ±0.3x. Here the implementations of a workload
//! take turns instead: in each turn every one runs a block of the same number
//! of decodes or encodes (about 50 µs of the baseline's time), in an order
//! that rotates from turn to turn, and its block is divided by the baseline's
//! block of the same turn. Drift slower than a turn cancels out of that ratio;
//! the median over the turns is reported, with its quartiles to show the
//! spread.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::Decoder;

/// How long to measure: `turns` turns of one block per implementation, each block
/// about `block` of the baseline's time.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub turns: usize,
    pub block: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            turns: 1000,
            block: Duration::from_micros(50),
        }
    }
}

/// One implementation's run of a workload (a decode of the whole input, or
/// an encode of the whole message), returning its checksum or length.
pub type Run<'r> = Box<dyn FnMut() -> u64 + 'r>;

/// The time per run in nanoseconds of each implementation (`runs[0]` is the
/// baseline) in each turn: `result[implementation][turn]`.
pub fn measure(runs: &mut [Run<'_>], settings: Settings) -> Vec<Vec<f64>> {
    let Some(baseline) = runs.first_mut() else {
        return Vec::new();
    };
    let per_block = runs_per_block(baseline, settings.block);
    let mut times = vec![Vec::with_capacity(settings.turns); runs.len()];
    for turn in 0..settings.turns {
        for k in rotation(turn, runs.len()) {
            let run = &mut runs[k];
            let start = Instant::now();
            for _ in 0..per_block {
                black_box(run());
            }
            times[k].push(start.elapsed().as_nanos() as f64 / per_block as f64);
        }
    }
    times
}

/// The runs of a decode workload: each decoder on `input`.
pub fn decodes<'r>(input: &'r [u8], decoders: &[Decoder]) -> Vec<Run<'r>> {
    decoders
        .iter()
        .map(|&decode| Box::new(move || decode(black_box(input))) as Run<'r>)
        .collect()
}

/// The order of `n` implementations in turn `turn`: each turn starts one
/// further on, so that each implementation runs first, second, … equally often.
pub fn rotation(turn: usize, n: usize) -> impl Iterator<Item = usize> {
    (0..n).map(move |i| (turn + i) % n)
}

/// How many runs take about `block` (at least one), after a warm-up that
/// doubles the count until the runs take a quarter of it.
fn runs_per_block(run: &mut Run<'_>, block: Duration) -> u64 {
    let mut n: u64 = 1;
    loop {
        let start = Instant::now();
        for _ in 0..n {
            black_box(run());
        }
        let took = start.elapsed();
        if took >= block / 4 || n >= 1 << 30 {
            let per_run = took.as_nanos().max(1) as f64 / n as f64;
            return ((block.as_nanos() as f64 / per_run) as u64).max(1);
        }
        n *= 2;
    }
}

/// One implementation's result: its median time per run, and the median and
/// quartiles of its per-turn ratios to the baseline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub ns: f64,
    pub ratio: f64,
    pub q1: f64,
    pub q3: f64,
}

/// Summarizes `measure`'s times; `None` when there are no turns.
pub fn summarize(times: &[Vec<f64>]) -> Option<Vec<Summary>> {
    let baseline = times.first()?;
    times
        .iter()
        .map(|own| {
            let ratios: Vec<f64> = own.iter().zip(baseline).map(|(t, b)| t / b).collect();
            let [q1, ratio, q3] = quantiles(ratios, [0.25, 0.5, 0.75])?;
            Some(Summary {
                ns: quantile(own.clone(), 0.5)?,
                ratio,
                q1,
                q3,
            })
        })
        .collect()
}

/// The `p` quantile of `values` (0.5: the median), interpolated linearly
/// between the two nearest values; `None` for no values.
pub fn quantile(values: Vec<f64>, p: f64) -> Option<f64> {
    quantiles(values, [p]).map(|[q]| q)
}

/// The quantiles `ps` of `values`, as [`quantile`] gives each, sorting once.
pub fn quantiles<const N: usize>(mut values: Vec<f64>, ps: [f64; N]) -> Option<[f64; N]> {
    values.sort_by(f64::total_cmp);
    let last = values.len().checked_sub(1)?;
    Some(ps.map(|p| {
        let at = p.clamp(0.0, 1.0) * last as f64;
        let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
        values[lo] + (values[hi] - values[lo]) * (at - lo as f64)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_implementation_runs_once_per_turn_and_each_goes_first_in_turn() {
        for turn in 0..6 {
            let mut order: Vec<usize> = rotation(turn, 3).collect();
            assert_eq!(order[0], turn % 3);
            order.sort();
            assert_eq!(order, [0, 1, 2]);
        }
    }

    #[test]
    fn a_drifting_machine_leaves_the_ratio_of_each_turn() {
        // The machine slows down fourfold over the turns; the second decoder
        // always takes 1.25 times the baseline's time of the same turn.
        let baseline: Vec<f64> = (1..=9).map(|t| f64::from(t) * 0.5).collect();
        let other: Vec<f64> = baseline.iter().map(|t| t * 1.25).collect();
        let summary = summarize(&[baseline, other]).unwrap();
        assert_eq!(summary[0].ratio, 1.0);
        assert_eq!(summary[0].ns, 2.5);
        assert_eq!(
            (summary[1].q1, summary[1].ratio, summary[1].q3),
            (1.25, 1.25, 1.25)
        );
        assert_eq!(summary[1].ns, 3.125);
    }

    #[test]
    fn quartiles_show_the_spread_of_the_ratios() {
        let baseline = vec![1.0; 5];
        let other = vec![1.0, 0.9, 1.3, 1.1, 1.2];
        let summary = summarize(&[baseline, other]).unwrap();
        assert_eq!(summary[1].ratio, 1.1);
        assert_eq!(summary[1].q1, 1.0);
        assert_eq!(summary[1].q3, 1.2);
    }

    #[test]
    fn quantiles_interpolate_and_need_values() {
        assert_eq!(quantile(vec![4.0, 1.0, 3.0, 2.0], 0.5), Some(2.5));
        assert_eq!(quantile(vec![7.0], 0.25), Some(7.0));
        assert_eq!(quantile(vec![1.0, 2.0], 2.0), Some(2.0));
        assert_eq!(quantile(Vec::new(), 0.5), None);
        assert_eq!(summarize(&[]), None);
    }

    #[test]
    fn each_implementation_gets_a_time_per_turn() {
        let input = crate::workloads::toy(16);
        let decoders: Vec<Decoder> = crate::implementations()
            .iter()
            .filter_map(|i| i.w1_toy)
            .take(2)
            .collect();
        let settings = Settings {
            turns: 5,
            block: Duration::from_micros(5),
        };
        let times = measure(&mut decodes(&input, &decoders), settings);
        assert_eq!(times.len(), 2);
        for own in &times {
            assert_eq!(own.len(), 5);
            assert!(own.iter().all(|t| t.is_finite() && *t >= 0.0), "{own:?}");
        }
        assert!(measure(&mut [], settings).is_empty());
    }
}
