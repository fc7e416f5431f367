//! Native timings of the browser benchmark's kernels (the browser's figures,
//! from `npm run bench`, are the ones that count).
fn main() {
    let start = std::time::Instant::now();
    let json = descent::bench::run(15, || start.elapsed().as_secs_f64() * 1000.0);
    for entry in json.trim_matches(|c| c == '{' || c == '}').split(',') {
        println!("{entry}");
    }
}
