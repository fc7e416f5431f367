//! Floating-point helpers the losses and their grids share: the stable
//! softplus and sigmoid, and the renormalisation that keeps a running
//! product of many factors from overflowing.

/// softplus(z) = log(1 + e^z), computed without overflow or cancellation.
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// The logistic function 1 / (1 + e^-z), computed without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Moves the binary exponent of each running product of factors >= 1 into
/// `exponent`, leaving a mantissa in [1, 2): a product's logarithm is then
/// ln(product) + exponent ln 2, and it can never overflow. Integer and float
/// bit operations only, so the lanes vectorise.
#[inline]
pub fn renormalise<const N: usize>(product: &mut [f64; N], exponent: &mut [f64; N]) {
    const EXPONENT_BITS: u64 = 0x7ff << 52;
    // 2^52: its bits OR-ed with a small integer k give 2^52 + k.
    const TWO_52: u64 = 0x4330 << 48;
    for lane in 0..N {
        let bits = product[lane].to_bits();
        let biased =
            f64::from_bits(((bits & EXPONENT_BITS) >> 52) | TWO_52) - f64::from_bits(TWO_52);
        exponent[lane] += biased - 1023.0;
        product[lane] = f64::from_bits((bits & !EXPONENT_BITS) | (1023 << 52));
    }
}
