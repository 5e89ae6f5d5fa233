//! The statistics the bench reports: the median and range of runs, the 99th percentile of
//! samples. Below every part of the bench, so none of them reaches into another for these.

/// Median, minimum and maximum.
pub fn spread(values: &[f64]) -> (f64, f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
    (median, v[0], v[n - 1])
}

/// The 99th percentile: the smallest sample at or above 99% of them.
pub fn p99(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    let rank = ((samples.len() as f64) * 0.99).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::{p99, spread};

    #[test]
    fn spread_gives_median_min_and_max() {
        assert_eq!(spread(&[3.0, 1.0, 2.0]), (2.0, 1.0, 3.0));
        assert_eq!(spread(&[4.0, 1.0, 2.0, 3.0]), (2.5, 1.0, 4.0));
    }

    #[test]
    fn p99_is_the_sample_at_the_99th_percentile() {
        let samples: Vec<f64> = (1..=300).map(f64::from).collect();
        assert_eq!(p99(samples), 297.0);
        assert_eq!(p99(vec![5.0]), 5.0);
        assert_eq!(p99((1..=100).rev().map(f64::from).collect()), 99.0);
    }
}
